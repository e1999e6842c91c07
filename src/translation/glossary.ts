import { createHash } from 'node:crypto';
import type { Concept, Term } from '../termbase';

/** Name prefix of every glossary Bitext makes; others in the same account are left alone. */
export const DEFAULT_GLOSSARY_PREFIX = 'bitext-termbase-';

/** One English → Simplified Chinese glossary entry and the concept it came from. */
export interface GlossaryEntry {
  source: string;
  target: string;
  conceptId: string;
}

/** A term the glossary could not hold, and why (reported, never silently lost). */
export interface SkippedGlossaryTerm {
  conceptId: string;
  text: string;
  reason: 'no-target' | 'duplicate-source' | 'invalid-text';
}

export interface TermbaseGlossary {
  /** Sorted by source, so equal termbases give equal entries whatever the concept order. */
  entries: GlossaryEntry[];
  skipped: SkippedGlossaryTerm[];
  /** Hex digest of the language pair and entries. */
  checksum: string;
}

// DeepL refuses control characters and Unicode line separators in terms, and terms over 1024 UTF-8 bytes.
// eslint-disable-next-line no-control-regex
const INVALID_TERM = /[\u0000-\u001f\u0080-\u009f\u2028\u2029]/;
const MAX_TERM_BYTES = 1024;

function usable(text: string): boolean {
  return text.length > 0 && !INVALID_TERM.test(text) && Buffer.byteLength(text, 'utf8') <= MAX_TERM_BYTES;
}

function firstWithStatus(terms: readonly Term[], locale: Term['locale'], status: Term['status']): Term | undefined {
  return terms.find((t) => t.locale === locale && t.status === status && usable(t.text.trim()));
}

/**
 * The termbase as glossary entries for en → zh: every preferred and admitted English term maps
 * to its concept's first preferred Simplified Chinese term (the first admitted one when there is
 * no preferred one). Forbidden terms are never targets, nor sources: a glossary entry would make
 * the machine write around a term the editors banned rather than flag it.
 * An English term shared by two concepts (a homograph) keeps the first concept by id; the
 * glossary cannot say which meaning a sentence has.
 */
export function buildTermbaseGlossary(concepts: readonly Concept[]): TermbaseGlossary {
  const skipped: SkippedGlossaryTerm[] = [];
  const bySource = new Map<string, GlossaryEntry>();
  const ordered = [...concepts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const concept of ordered) {
    const target = firstWithStatus(concept.terms, 'zh-Hans', 'preferred') ?? firstWithStatus(concept.terms, 'zh-Hans', 'admitted');
    for (const term of concept.terms) {
      if (term.locale !== 'en' || term.status === 'forbidden') continue;
      const source = term.text.trim();
      if (!usable(source)) {
        skipped.push({ conceptId: concept.id, text: term.text, reason: 'invalid-text' });
        continue;
      }
      if (!target) {
        skipped.push({ conceptId: concept.id, text: source, reason: 'no-target' });
        continue;
      }
      // DeepL matches glossary sources regardless of case, so "Bay Area" and "bay area" collide.
      const key = source.toLowerCase();
      const existing = bySource.get(key);
      if (existing) {
        if (existing.conceptId !== concept.id || existing.target !== target.text.trim()) {
          skipped.push({ conceptId: concept.id, text: source, reason: 'duplicate-source' });
        }
        continue;
      }
      bySource.set(key, { source, target: target.text.trim(), conceptId: concept.id });
    }
  }
  const entries = Array.from(bySource.values()).sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  const hash = createHash('sha256').update('en\tzh\n');
  for (const e of entries) hash.update(`${e.source}\t${e.target}\n`);
  return { entries, skipped, checksum: hash.digest('hex').slice(0, 16) };
}

export function glossaryName(prefix: string, checksum: string): string {
  return `${prefix}${checksum}`;
}
