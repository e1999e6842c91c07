/**
 * Every language of a translation unit, kept: how the texts of one TMX `<tu>` (or one XLIFF
 * segment) become Bitext units, and which texts an export writes for a unit.
 *
 * A unit is a working pair (en ⇄ zh-Hans / zh-Hant) that the memory matches and the checks
 * read. A file's unit becomes one Bitext unit per working target; its texts in other languages
 * (fr, pt-PT, ja …) ride along as variants of the first one. A file's unit with no working target
 * (EN→FR) is one unit with an empty target in the working counterpart (en → zh-Hans, zh → en);
 * one with no English or Chinese text at all (FR→DE) has an empty English source. Exports write
 * the empty sides not at all, so what comes out is what went in.
 */
import { canonicalTag, exportTag, isWorkingLocale, keptLocale, type LanguageTag, type Locale } from '../locale';
import type { UnitOrigin, UnitProperty, UnitStatus, UnitVariant } from '../memory';
import type { InlineCode } from '../document';
import { FormatError, type FormatWriteOptions, type ImportedUnit } from './adapter';
import { mergeCodes } from './inline';

/** One language's text in a file's unit. */
export interface LanguageText {
  /** The tag as the file wrote it. */
  tag: string;
  text: string;
  codes: InlineCode[];
  line: number;
  /** This text's own status, origin, creator or date, where the file gives them (a TMX `<tuv>`'s). */
  meta?: Partial<UnitMeta>;
}

export interface UnitMeta {
  status: UnitStatus;
  origin: UnitOrigin;
  note: string | null;
  createdBy?: string;
  createdAt?: string;
  /** The file unit's ordinal (ImportedUnit.fileUnit). */
  fileUnit?: number;
  /** The file's own properties of the unit (ImportedUnit.props). */
  props?: UnitProperty[];
}

/** What a working locale is translated into when the file gives no text in a working target. */
const COUNTERPART: Record<Locale, Locale> = { en: 'zh-Hans', 'zh-Hans': 'en', 'zh-Hant': 'en' };

/** Checks a language tag from a file: a FormatError naming the file, line, element and value when it is not BCP 47. */
export function checkTag(file: string, tag: string, line: number, element: string, attribute = 'xml:lang'): LanguageTag {
  const canonical = canonicalTag(tag);
  if (!canonical) throw new FormatError(file, `${attribute}="${tag}" is not a BCP 47 language tag (en, zh-CN, zh-Hant, fr-FR …)`, { line, element });
  return canonical;
}

/**
 * The Bitext units of one file unit. `source` is the index of the source text in `texts`;
 * every text must have passed `checkTag`.
 */
export function unitsFromTexts(texts: readonly LanguageText[], source: number, meta: UnitMeta): ImportedUnit[] {
  const kept = texts.map((t) => keptLocale(t.tag, t.text)!);
  // The pivot: the file's source where it is a working locale, else its first English text, else its first Chinese one.
  let pivot = isWorkingLocale(kept[source]) ? source : kept.indexOf('en');
  if (pivot < 0) pivot = kept.findIndex((l) => isWorkingLocale(l));
  const pivotLocale: Locale = pivot >= 0 ? (kept[pivot] as Locale) : 'en';
  const used = new Set<string>([pivotLocale]);
  const targets: number[] = [];
  const variants: UnitVariant[] = [];
  const variantCodes: InlineCode[][] = [];
  // The file's order, starting from its source, so that variants come out as they went in.
  const order = [source, ...texts.keys()].filter((i, k, all) => all.indexOf(i) === k && i !== pivot);
  for (const i of order) {
    const locale = kept[i];
    if (isWorkingLocale(locale) && !used.has(locale)) {
      used.add(locale);
      targets.push(i);
    } else {
      // A second text in a working locale (zh-TW beside zh-HK) keeps its own spelling.
      variants.push({ locale: isWorkingLocale(locale) ? canonicalTag(texts[i].tag)! : locale, text: texts[i].text });
      variantCodes.push(texts[i].codes);
    }
  }
  const sourceText = pivot >= 0 ? texts[pivot].text : '';
  const sourceCodes = pivot >= 0 ? texts[pivot].codes : [];
  // A unit whose only translation is in another language (EN→FR) keeps the file's status: it is that translation's.
  const onlyVariants = targets.length === 0 && variants.length > 0;
  const base = (targetLocale: Locale, targetText: string, codes: InlineCode[][], own: Partial<UnitMeta> = {}): ImportedUnit => {
    const m: UnitMeta = { ...meta, ...own };
    const unit: ImportedUnit = {
      sourceLocale: pivotLocale, sourceText, targetLocale, targetText,
      status: targetText.trim() === '' && m.status !== 'approved' && !onlyVariants ? 'new' : m.status,
      origin: m.origin,
      inlineCodes: mergeCodes(sourceCodes, ...codes),
      note: meta.note,
    };
    if (m.createdBy) unit.createdBy = m.createdBy;
    if (m.createdAt) unit.createdAt = m.createdAt;
    if (meta.fileUnit !== undefined) unit.fileUnit = meta.fileUnit;
    if (meta.props?.length) unit.props = meta.props;
    return unit;
  };
  const units = targets.length === 0
    ? [base(COUNTERPART[pivotLocale], '', [])]
    : targets.map((i) => base(kept[i] as Locale, texts[i].text, [texts[i].codes], texts[i].meta));
  if (variants.length > 0) {
    units[0].variants = variants;
    units[0].inlineCodes = mergeCodes(units[0].inlineCodes, ...variantCodes);
  }
  return units;
}

/** A text as an export writes it: the tag spelled for other tools. */
export interface ExportText {
  tag: string;
  locale: LanguageTag;
  text: string;
}

/** True when a kept locale is the one asked for (`fr` also takes `fr-FR`). */
export function sameLanguage(kept: LanguageTag, wanted: LanguageTag): boolean {
  const a = kept.toLowerCase();
  const b = wanted.toLowerCase();
  return a === b || (!b.includes('-') && a.split('-')[0] === b);
}

/**
 * The texts an export writes for a unit, source first; null when it has nothing to write for the
 * pair asked for. Empty sides (a placeholder source or target) are left out.
 */
export function exportTexts(u: ImportedUnit, options: FormatWriteOptions = {}): { source: ExportText | null; targets: ExportText[] } | null {
  const spell = (locale: LanguageTag): string => exportTag(locale, options.localeTags ?? 'region', options.hantRegion ?? 'HK');
  const text = (locale: LanguageTag, t: string): ExportText => ({ tag: spell(locale), locale, text: t });
  const source = u.sourceText !== '' || (u.variants?.length ?? 0) === 0 ? text(u.sourceLocale, u.sourceText) : null;
  const wanted = options.targetLocale;
  let targets: ExportText[];
  if (wanted === undefined) {
    targets = [
      ...(u.targetText !== '' ? [text(u.targetLocale, u.targetText)] : []),
      ...(u.variants ?? []).map((v) => text(v.locale, v.text)),
    ];
  } else if (isWorkingLocale(wanted)) {
    targets = u.targetLocale === wanted ? [text(u.targetLocale, u.targetText)] : [];
  } else {
    const variant = u.variants?.find((v) => sameLanguage(v.locale, wanted));
    targets = variant ? [text(variant.locale, variant.text)] : [];
  }
  if (wanted !== undefined && targets.length === 0) return null;
  // A unit with no English or Chinese text (FR→DE): one pair asked for takes its other language as the source.
  const stand = source ?? (wanted !== undefined ? (u.variants ?? []).filter((v) => !sameLanguage(v.locale, wanted)).map((v) => text(v.locale, v.text))[0] ?? null : null);
  if (!stand && targets.length === 0) return null;
  return { source: stand, targets };
}
