import { createTraditionalConverter, type TraditionalConverter } from '../conversion';
import { blockingFindings } from '../checks';
import type { TranslationUnit } from '../memory';
import type { Repository } from '../store';
import type { WorkflowContext, TermbaseSnapshot } from './context';
import { checkUnit } from './checking';

export type TraditionalVariant = 'hk' | 'tw' | 'twp';

const converters = new WeakMap<TermbaseSnapshot, Map<TraditionalVariant, TraditionalConverter>>();

/** One converter per termbase version and variant: building one costs ~0.2 s. */
export function converterFor(termbase: TermbaseSnapshot, variant: TraditionalVariant): TraditionalConverter {
  let byVariant = converters.get(termbase);
  if (!byVariant) converters.set(termbase, (byVariant = new Map()));
  let converter = byVariant.get(variant);
  if (!converter) byVariant.set(variant, (converter = createTraditionalConverter({ variant, concepts: termbase.concepts })));
  return converter;
}

/**
 * Re-derives the zh-Hant unit of an approved zh-Hans unit's segment. A zh-Hant unit that a
 * translator edited by hand (origin other than `converted`) is left alone and told so by a finding.
 * A derived unit with no error finding is approved with its source: Traditional is published
 * from approved Simplified, not reviewed twice.
 */
export async function deriveTraditional(context: WorkflowContext, tx: Repository, simplified: TranslationUnit, by: string): Promise<TranslationUnit | null> {
  if (simplified.documentId === null || simplified.position === null) return null;
  const target = (await tx.listUnits({ documentId: simplified.documentId, targetLocale: 'zh-Hant' }))
    .find((u) => u.position === simplified.position);
  if (!target) return null;
  const termbase = await context.termbaseSnapshot();
  const manual = target.origin !== 'converted' && target.status !== 'new' && target.targetText.trim() !== '';
  if (manual) {
    const note = {
      checkId: 'conversion-manual',
      severity: 'warning' as const,
      message: 'This unit was edited by hand, so it is no longer re-derived from the approved zh-Hans; compare it with the new Simplified text.',
      span: null,
    };
    const findings = [...checkUnit(target, termbase), note];
    return tx.updateUnit(target.id, target.version, { findings }, { action: 'recheck', by });
  }
  const converted = converterFor(termbase, context.traditionalVariant).convert(simplified.targetText);
  const findings = [...checkUnit({ ...target, targetText: converted.text, status: 'translated' }, termbase), ...converted.findings];
  // An override is the reviewer's decision about the text: the Traditional text is the same
  // decision, so it carries the override for the same check (and says so in its history).
  const carried = simplified.overrides.filter((o) => findings.some((f) => f.severity === 'error' && f.checkId === o.checkId));
  const status = blockingFindings(findings, carried).length === 0 ? 'approved' : 'translated';
  const notes = [
    `derived from approved zh-Hans unit ${simplified.id} (opencc ${context.traditionalVariant})`,
    ...carried.map((o) => `override of ${o.checkId} carried from zh-Hans unit ${simplified.id} (${o.by}: ${o.reason})`),
  ];
  return tx.updateUnit(target.id, target.version, {
    targetText: converted.text, status, origin: 'converted', findings, overrides: carried, matchScore: null, targetAuthor: null,
    // It follows its zh-Hans source, which was just approved for the current English.
    outdatedSource: null,
  }, { action: 'convert', by, reason: notes.join('; ') });
}
