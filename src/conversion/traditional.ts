import type { Finding } from '../checks';
import { buildTermRecognizer, Concept, TermHit, TermRecognizer } from '../termbase';
import { openccConverter, TraditionalVariant } from './opencc';
import { ambiguousCharacters } from './ambiguity';

export const CONVERSION_TERM_CHECK_ID = 'conversion-term';
/** A character the converter chose by its table among several Traditional candidates (a warning for review). */
export const CONVERSION_AMBIGUOUS_CHECK_ID = 'conversion-ambiguous';

export interface ConversionResult {
  /** The zh-Hant text. */
  text: string;
  /**
   * Warnings, spans pointing into `text`: terms the termbase has no zh-Hant form for
   * (`conversion-term`), and characters chosen by the character table among several candidates
   * (`conversion-ambiguous`), in text order within each kind's run.
   */
  findings: Finding[];
}

export interface TraditionalConverterOptions {
  /** Default 'hk'. */
  variant?: TraditionalVariant;
  concepts: readonly Concept[];
}

/** Where a concept's zh-Hant form comes from: the termbase, or (lacking one) conversion. */
interface Replacement {
  text: string | null;
}

// Private-use characters: no opencc dictionary holds any, so the converter copies them through
// and, being unmatched, they end every phrase match at their position, as a string end would.
const PLACEHOLDER_FIRST = 0xe000;
const PLACEHOLDER_LAST = 0xf8ff;

/**
 * zh-Hans → zh-Hant with termbase terms protected: each termbase term found in the Simplified
 * text is replaced by its concept's zh-Hant term (the first preferred one, else the first
 * admitted one; see `termbaseForm` for admitted zh-Hans terms), never converted character by
 * character; only the text between terms is converted. Forbidden zh-Hans terms are not
 * protected (they convert like any text, and the checks flag them). Where a concept has no zh-Hant term, the term is converted and a warning
 * finding says so.
 *
 * How, fast: one recogniser pass finds the terms; the text is converted once, whole, with each
 * term masked by one private-use placeholder character; the zh-Hant terms are then spliced in
 * where the placeholders came out. The placeholder ends phrase matching exactly as the end of a
 * gap would, so the result equals converting every gap on its own, without per-gap overhead.
 *
 * Build one per termbase version (the recogniser is built once, here); the opencc converter is
 * shared per process.
 */
export class TraditionalConverter {
  readonly variant: TraditionalVariant;
  private readonly recognizer: TermRecognizer;
  private readonly concepts: ReadonlyMap<string, Concept>;
  private readonly opencc: (text: string) => string;
  private readonly replacements = new Map<string, Replacement>();
  private readonly admittedForms = new Map<string, string>();

  constructor(options: TraditionalConverterOptions) {
    this.variant = options.variant ?? 'hk';
    this.opencc = openccConverter(this.variant);
    this.recognizer = buildTermRecognizer(options.concepts);
    this.concepts = new Map(options.concepts.map((c) => [c.id, c]));
  }

  /** Plain opencc conversion, no term protection. */
  convertPlain(simplified: string): string {
    return this.opencc(simplified);
  }

  convert(simplified: string): ConversionResult {
    const hits = this.recognizer.recognize(simplified, 'zh-Hans').filter((h) => h.term.status !== 'forbidden');
    const gaps: string[] = [];
    let pos = 0;
    for (const hit of hits) {
      gaps.push(simplified.slice(pos, hit.start));
      pos = hit.end;
    }
    gaps.push(simplified.slice(pos));
    const pieces = hits.length === 0 ? [this.opencc(simplified)] : this.convertGaps(simplified, hits);

    const findings: Finding[] = [];
    const out: string[] = [];
    let length = 0;
    for (let i = 0; i < pieces.length; i++) {
      findings.push(...this.ambiguities(gaps[i]!, pieces[i]!, length));
      out.push(pieces[i]!);
      length += pieces[i]!.length;
      if (i === hits.length) break;
      const hit = hits[i]!;
      const termbaseForm = this.termbaseForm(hit);
      const form = termbaseForm ?? this.opencc(hit.text);
      if (termbaseForm === null) {
        findings.push({
          checkId: CONVERSION_TERM_CHECK_ID,
          severity: 'warning',
          message: `The termbase has no zh-Hant term for "${hit.text}" (concept ${hit.conceptId}); converted it to "${form}".`,
          span: { side: 'target', start: length, end: length + form.length },
        });
      }
      out.push(form);
      length += form.length;
    }
    return { text: out.join(''), findings };
  }

  /**
   * Warnings for the characters of one gap that the converter chose by its character table among
   * several candidates; `offset` is where the gap's conversion starts in the whole result.
   */
  private ambiguities(gap: string, converted: string, offset: number): Finding[] {
    if (gap === '') return [];
    const found = ambiguousCharacters(gap, this.variant);
    if (found.length === 0) return [];
    // Conversion keeps lengths nearly always; where a phrase changed one (twp's 鼠标 → 滑鼠 does
    // not, U盘 → 隨身碟 does), the conversion of what precedes says where the character went. A
    // character converted by the table ends every phrase, so the pieces between such characters
    // convert on their own: each is converted once (not the whole prefix per character).
    const same = converted.length === gap.length;
    let from = 0;
    let at = 0;
    return found.map((a) => {
      if (!same) {
        at += this.opencc(gap.slice(from, a.start)).length;
        from = a.start;
      }
      const start = same ? a.start : at;
      const end = same ? a.end : start + this.opencc(a.char).length;
      if (!same) {
        at = end;
        from = a.end;
      }
      const chosen = converted.slice(start, end);
      const others = a.candidates.filter((c) => c !== chosen);
      return {
        checkId: CONVERSION_AMBIGUOUS_CHECK_ID,
        severity: 'warning' as const,
        message: `“${a.char}” has several Traditional forms (${a.candidates.join(', ')}); the converter chose “${chosen}” by its character table, not from a phrase: check it is not ${others.map((c) => `“${c}”`).join(' or ')}.`,
        span: { side: 'target' as const, start: offset + start, end: offset + end },
      };
    });
  }

  /** The converted text between (and around) the hits: hits.length + 1 pieces. */
  private convertGaps(text: string, hits: readonly TermHit[]): string[] {
    const placeholder = choosePlaceholder(text);
    if (placeholder !== null) {
      const masked: string[] = [];
      let pos = 0;
      for (const hit of hits) {
        masked.push(text.slice(pos, hit.start), placeholder);
        pos = hit.end;
      }
      masked.push(text.slice(pos));
      const pieces = this.opencc(masked.join('')).split(placeholder);
      if (pieces.length === hits.length + 1) return pieces;
    }
    // A text already using every private-use character (or a converter that touched one):
    // convert the gaps one by one.
    const pieces: string[] = [];
    let pos = 0;
    for (const hit of hits) {
      pieces.push(this.opencc(text.slice(pos, hit.start)));
      pos = hit.end;
    }
    pieces.push(this.opencc(text.slice(pos)));
    return pieces;
  }

  /**
   * The zh-Hant form of a hit. A preferred zh-Hans term becomes the concept's canonical zh-Hant
   * term. An admitted one (a sanctioned variant, e.g. a short form) keeps its own shape where the
   * termbase sanctions that shape in zh-Hant too, i.e. where its conversion is a preferred or
   * admitted zh-Hant term; otherwise it also becomes the canonical term.
   */
  private termbaseForm(hit: TermHit): string | null {
    const canonical = this.replacementFor(hit.conceptId).text;
    if (canonical === null || hit.term.status !== 'admitted') return canonical;
    const key = `${hit.conceptId}\u0000${hit.text}`;
    let own = this.admittedForms.get(key);
    if (own === undefined) {
      const converted = this.opencc(hit.text);
      const terms = this.concepts.get(hit.conceptId)?.terms ?? [];
      const sanctioned = terms.some((t) => t.locale === 'zh-Hant' && t.status !== 'forbidden' && t.text.trim() === converted);
      own = sanctioned ? converted : canonical;
      this.admittedForms.set(key, own);
    }
    return own;
  }

  private replacementFor(conceptId: string): Replacement {
    let replacement = this.replacements.get(conceptId);
    if (!replacement) {
      const terms = this.concepts.get(conceptId)?.terms ?? [];
      const pick = (status: 'preferred' | 'admitted'): string | undefined =>
        terms.find((t) => t.locale === 'zh-Hant' && t.status === status && t.text.trim() !== '')?.text.trim();
      replacement = { text: pick('preferred') ?? pick('admitted') ?? null };
      this.replacements.set(conceptId, replacement);
    }
    return replacement;
  }
}

/** A private-use character absent from `text`, or null if it holds them all. */
function choosePlaceholder(text: string): string | null {
  for (let code = PLACEHOLDER_FIRST; code <= PLACEHOLDER_LAST; code++) {
    const ch = String.fromCharCode(code);
    if (!text.includes(ch)) return ch;
  }
  return null;
}

export function createTraditionalConverter(options: TraditionalConverterOptions): TraditionalConverter {
  return new TraditionalConverter(options);
}

const byVariant = new Map<TraditionalVariant, { key: string; converter: TraditionalConverter }>();

/**
 * The converter for `variant` and the termbase version the caller names by `key` (e.g. the
 * termbase's latest change), built once and kept until a call names another key. Lets a server
 * convert per request without rebuilding the recogniser; `concepts` is read only on a new key.
 */
export function getTraditionalConverter(key: string, options: TraditionalConverterOptions): TraditionalConverter {
  const variant = options.variant ?? 'hk';
  const cached = byVariant.get(variant);
  if (cached && cached.key === key) return cached.converter;
  const converter = new TraditionalConverter({ ...options, variant });
  byVariant.set(variant, { key, converter });
  return converter;
}
