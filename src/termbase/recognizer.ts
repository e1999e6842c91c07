import type { Locale } from '../locale';
import type { Concept, Term } from './types';
import { AhoCorasick } from './automaton';
import { casedCodeAt, endOf, isWordCode, normalizeTerm, normalizeText, type NormalizedText } from './normalize';

/** One recognised term occurrence; offsets are UTF-16 offsets into the original text. */
export interface TermHit {
  conceptId: string;
  term: Term;
  start: number;
  end: number;
  /** The text as written, `original.slice(start, end)` (an inflected or re-spelled form). */
  text: string;
}

export interface RecognizeOptions {
  /**
   * Also return terms inside longer ones (江门 inside 江门人才岛), overlapping, in text order and
   * longest first at one start. For asking "is this concept's term anywhere in the text".
   */
  nested?: boolean;
}

export interface TermRecognizer {
  /**
   * All term occurrences of `locale` in `text`, in text order, never overlapping: where matches
   * overlap the longest wins (粤港澳大湾区 over 大湾区), then the leftmost.
   */
  recognize(text: string, locale: Locale, options?: RecognizeOptions): TermHit[];
}

/** One way a term may be written (the term itself or an inflected form). */
interface Variant {
  conceptId: string;
  term: Term;
  /** Normalised form with letters in their written case, for case-sensitive terms. */
  cased: string;
  /** Whether the boundary must be checked at each edge (the edge is a non-Han word character). */
  boundedStart: boolean;
  boundedEnd: boolean;
  /** Order among variants of one key: case-sensitive terms first, then termbase order. */
  rank: number;
}

interface LocaleIndex {
  automaton: AhoCorasick;
  /** Variants per pattern id (one pattern can be several concepts' term: a homograph). */
  variants: Variant[][];
}

const VOWELS = 'aeiou';

/**
 * The written forms of an English term: the term, its plural (-s, -es, -y → -ies), and the
 * possessive of each ('s, s'). Only the last word inflects ("industrial clusters").
 * Quotes are already straight here (normalised).
 */
function englishForms(cased: string): string[] {
  const forms = new Set<string>([cased]);
  const last = cased[cased.length - 1] ?? '';
  if (!/[A-Za-z]/.test(last)) return [cased];
  // An all-capitals term inflects either way: "NGOs" and "NGOS" (matters only when case-sensitive).
  const upper = /[A-Z]/.test(last);
  const suffixCases = upper ? [(x: string) => x, (x: string) => x.toUpperCase()] : [(x: string) => x];
  const lower = cased.toLowerCase();
  for (const s of suffixCases) {
    const plurals: string[] = [];
    if (lower.endsWith('y') && lower.length > 1 && !VOWELS.includes(lower[lower.length - 2])) {
      plurals.push(cased.slice(0, -1) + s('ies'));
    } else if (/(s|x|z|ch|sh)$/.test(lower)) {
      plurals.push(cased + s('es'));
    } else {
      plurals.push(cased + s('s'));
    }
    for (const p of plurals) forms.add(p);
    forms.add(cased + "'" + s('s'));
    for (const p of plurals) forms.add(p + "'");
    // A term already ending in s also takes a bare apostrophe ("the Philippines' ports").
    if (/s$/i.test(cased)) forms.add(cased + "'");
  }
  return Array.from(forms);
}

/** A recogniser for all terms of the given concepts, built once (one automaton per locale, lazily). */
export function buildTermRecognizer(concepts: readonly Concept[]): TermRecognizer {
  const indexes = new Map<Locale, LocaleIndex>();

  function buildIndex(locale: Locale): LocaleIndex {
    const keyIds = new Map<string, number>();
    const patterns: string[] = [];
    const variants: Variant[][] = [];
    let order = 0;
    for (const concept of concepts) {
      for (const term of concept.terms) {
        if (term.locale !== locale) continue;
        const norm = normalizeTerm(term.text);
        if (norm.cased.length === 0) continue;
        // English is matched case-insensitively unless the term says otherwise; Chinese has no case.
        const caseSensitive = term.caseSensitive && locale === 'en';
        const forms = locale === 'en' ? englishForms(norm.cased) : [norm.cased];
        const rank = (caseSensitive ? 0 : 1) * 1e9 + order++;
        for (const cased of forms) {
          const folded = normalizeTerm(cased).folded;
          // A term of separators alone ("-") folds to nothing and could match anywhere.
          if (folded.length === 0) continue;
          let id = keyIds.get(folded);
          if (id === undefined) {
            id = patterns.length;
            keyIds.set(folded, id);
            patterns.push(folded);
            variants.push([]);
          }
          const list = variants[id];
          if (list.some((v) => v.conceptId === concept.id && v.term === term)) continue;
          list.push({
            conceptId: concept.id,
            term,
            cased: caseSensitive ? cased : '',
            boundedStart: isWordCode(cased.charCodeAt(0)),
            boundedEnd: isWordCode(cased.charCodeAt(cased.length - 1)),
            rank,
          });
        }
      }
    }
    for (const list of variants) list.sort((a, b) => a.rank - b.rank);
    return { automaton: new AhoCorasick(patterns), variants };
  }

  function indexFor(locale: Locale): LocaleIndex {
    let index = indexes.get(locale);
    if (!index) {
      index = buildIndex(locale);
      indexes.set(locale, index);
    }
    return index;
  }

  return {
    recognize(text: string, locale: Locale, options: RecognizeOptions = {}): TermHit[] {
      if (text.length === 0) return [];
      const { automaton, variants } = indexFor(locale);
      const norm = normalizeText(text);
      const { folded } = norm;
      const n = folded.length;
      // Candidates as parallel arrays: normalised start, end, and the variant that matched.
      const starts: number[] = [];
      const ends: number[] = [];
      const chosen: Variant[] = [];
      automaton.scan(folded, (patternId, end) => {
        const start = end - automaton.patternLengths[patternId];
        const list = variants[patternId];
        const before = start > 0 ? isWordCode(folded[start - 1]) : false;
        const after = end < n ? isWordCode(folded[end]) : false;
        for (const v of list) {
          if ((v.boundedStart && before) || (v.boundedEnd && after)) continue;
          if (v.cased && !sameCase(norm, text, start, v.cased)) continue;
          starts.push(start);
          ends.push(end);
          chosen.push(v);
          return;
        }
      });
      if (chosen.length === 0) return [];
      const toHit = (k: number): TermHit => {
        const start = norm.startOf[starts[k]];
        const end = endOf(norm, ends[k] - 1);
        return { conceptId: chosen[k].conceptId, term: chosen[k].term, start, end, text: text.slice(start, end) };
      };
      if (options.nested) {
        const all = Array.from(chosen.keys()).sort((a, b) => starts[a] - starts[b] || ends[b] - ends[a]);
        return all.map(toHit);
      }

      // The automaton reports matches by end position; when none overlaps the one before (the
      // common case in running text), every match stands and they are already in text order.
      let disjoint = true;
      for (let k = 1; k < chosen.length && disjoint; k++) disjoint = starts[k] >= ends[k - 1];
      if (disjoint) return chosen.map((_, k) => toHit(k));

      // Longest match wins, then leftmost; a taken code unit cannot be reused.
      const order = Array.from(chosen.keys()).sort(
        (a, b) => ends[b] - starts[b] - (ends[a] - starts[a]) || starts[a] - starts[b],
      );
      const taken = new Uint8Array(n);
      const kept: number[] = [];
      for (const k of order) {
        let free = true;
        for (let p = starts[k]; p < ends[k]; p++) {
          if (taken[p]) {
            free = false;
            break;
          }
        }
        if (!free) continue;
        taken.fill(1, starts[k], ends[k]);
        kept.push(k);
      }
      kept.sort((a, b) => starts[a] - starts[b]);
      return kept.map(toHit);
    },
  };
}

function sameCase(norm: NormalizedText, original: string, start: number, expected: string): boolean {
  for (let i = 0; i < expected.length; i++) if (casedCodeAt(norm, original, start + i) !== expected.charCodeAt(i)) return false;
  return true;
}
