import { blockingFindings, isSourceFinding } from '../checks';
import type { Finding, Severity } from '../checks';
import type { Locale } from '../locale';
import type { TranslationUnit } from '../memory';
import { NotFoundError } from '../store';
import type { WorkflowContext } from './context';
import { checkUnit } from './checking';

/** One open finding: an error not overridden, or a warning (DESIGN.md's QA report rows). */
export interface QaFinding { unitId: number; checkId: string; severity: Severity; message: string }
export interface QaOverride { unitId: number; checkId: string; reason: string; by: string; at: string }
export interface QaReleasedWithFinding { unitId: number; checkId: string }

export interface QaReport {
  /** Every open error and warning, by check (check id, then article, locale and position). */
  findings: QaFinding[];
  /** Every override kept on a unit, with its reason, reviewer and time. */
  overrides: QaOverride[];
  /**
   * Units readers see although a later termbase change put them in error: approved units whose
   * re-checked findings hold an error no override covers (one row a check).
   */
  releasedWithFindings: QaReleasedWithFinding[];
}

/** Where a unit is, for people reading the report (the workbench's page). */
export interface QaUnitPlace { unitId: number; articleSlug: string; locale: Locale; position: number | null; source: string; target: string; status: TranslationUnit['status'] }

export interface QaQuery {
  /** One article; every article without. */
  slug?: string;
  /** One target locale; every locale without. */
  locale?: Locale;
}

/** The QA report over the article units of `query`: open findings, overrides, released units in error. */
export async function qaReport(context: WorkflowContext, query: QaQuery = {}): Promise<QaReport & { units: QaUnitPlace[] }> {
  const documents = await context.store.listDocuments();
  const chosen = query.slug === undefined ? documents : documents.filter((d) => d.slug === query.slug);
  if (query.slug !== undefined && chosen.length === 0) throw new NotFoundError('article', query.slug);
  const rows: Array<{ unit: TranslationUnit; slug: string }> = [];
  for (const document of chosen) {
    const units = await context.store.listUnits({ documentId: document.id, ...(query.locale ? { targetLocale: query.locale } : {}) });
    for (const unit of units) rows.push({ unit, slug: document.slug });
  }
  const order = (a: { unit: TranslationUnit; slug: string }, b: { unit: TranslationUnit; slug: string }) =>
    a.slug.localeCompare(b.slug) || a.unit.targetLocale.localeCompare(b.unit.targetLocale) || (a.unit.position ?? 0) - (b.unit.position ?? 0) || a.unit.id - b.unit.id;
  rows.sort(order);

  const findings: Array<QaFinding & { rank: number }> = [];
  const overrides: QaOverride[] = [];
  const released: QaReleasedWithFinding[] = [];
  rows.forEach(({ unit }, rank) => {
    for (const finding of openFindings(unit)) {
      findings.push({ unitId: unit.id, checkId: finding.checkId, severity: finding.severity, message: finding.message, rank });
    }
    for (const o of unit.overrides) overrides.push({ unitId: unit.id, checkId: o.checkId, reason: o.reason, by: o.by, at: o.at });
  });
  // What readers see: each current release's texts, checked against today's termbase. An override
  // counts while the unit still holds the released text (it was given for that text).
  const termbase = await context.termbaseSnapshot();
  const byId = new Map(rows.map(({ unit }) => [unit.id, unit]));
  for (const document of chosen) {
    for (const release of await context.store.currentReleases({ documentId: document.id, ...(query.locale ? { locale: query.locale } : {}) })) {
      if (release.locale === document.sourceLocale) continue;
      for (const part of release.units) {
        const unit = part.unitId === null ? undefined : byId.get(part.unitId);
        if (!unit || part.target === null) continue;
        const found = checkUnit({ sourceLocale: unit.sourceLocale, sourceText: part.source, targetLocale: release.locale, targetText: part.target, status: 'approved' }, termbase);
        const given = unit.targetText === part.target ? unit.overrides : [];
        for (const checkId of new Set(blockingFindings(found, given).map((f) => f.checkId))) released.push({ unitId: unit.id, checkId });
      }
    }
  }
  const rank = new Map(rows.map(({ unit }, i) => [unit.id, i]));
  released.sort((a, b) => rank.get(a.unitId)! - rank.get(b.unitId)! || a.checkId.localeCompare(b.checkId));
  findings.sort((a, b) => a.checkId.localeCompare(b.checkId) || a.rank - b.rank);
  return {
    findings: findings.map(({ rank: _rank, ...f }) => f),
    overrides,
    releasedWithFindings: released,
    units: rows.map(({ unit, slug }) => ({
      unitId: unit.id, articleSlug: slug, locale: unit.targetLocale, position: unit.position,
      source: unit.sourceText, target: unit.targetText, status: unit.status,
    })),
  };
}

/** A unit's open findings: warnings, and errors no override covers. */
function openFindings(unit: TranslationUnit): Finding[] {
  const overridden = new Set(unit.overrides.map((o) => o.checkId));
  return unit.findings.filter((f) => f.severity === 'warning' || !overridden.has(f.checkId));
}

/** One source-side finding of an article, once per segment (the English source's warnings for the editor). */
export interface SourceFinding { position: number; checkId: string; severity: Severity; message: string; span: Finding['span'] }

/** The findings on an article's source segments, once each although every locale's unit carries them. */
export async function sourceFindings(context: WorkflowContext, slug: string): Promise<SourceFinding[]> {
  const document = await context.store.getDocumentBySlug(slug);
  if (!document) throw new NotFoundError('article', slug);
  const seen = new Set<string>();
  const out: SourceFinding[] = [];
  const units = (await context.store.listUnits({ documentId: document.id })).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  for (const unit of units) {
    if (unit.position === null) continue;
    for (const f of unit.findings) {
      // A term or number the translation lacks points at the source too, but is that locale's finding.
      if (!isSourceFinding(f) || !f.span) continue;
      const key = `${unit.position}\u0000${f.checkId}\u0000${f.span.start}\u0000${f.span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ position: unit.position, checkId: f.checkId, severity: f.severity, message: f.message, span: f.span });
    }
  }
  return out;
}
