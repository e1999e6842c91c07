/**
 * The one interface every file format implements (TMX, XLIFF, CSV units; TBX, glossary CSV concepts).
 * Reading and writing stream, so a million-unit file never sits in memory whole.
 */
import type { HantRegion, LanguageTag, Locale, LocaleTagStyle } from '../locale';
import type { UnitOrigin, UnitProperty, UnitStatus, UnitVariant } from '../memory';
import type { InlineCode } from '../document';

export interface FormatReadOptions {
  /** Named in every FormatError so the user knows which file is broken. */
  fileName: string;
  /** Collects what the file holds that Bitext cannot keep (never dropped in silence). */
  report?: ReadReport;
  /** Refuse the file at the first thing Bitext cannot keep, instead of reporting it. */
  strict?: boolean;
}

/** How many examples of each unkept element a report quotes. */
const REPORT_EXAMPLES = 3;

/**
 * What a read could not keep, per element: how many and the first few (line and text), so an
 * import can say "3 × <termCompList> not kept (line 12 …)" instead of dropping them in silence.
 */
export class ReadReport {
  readonly unkept = new Map<string, { reason: string; count: number; examples: Array<{ line: number; text: string }> }>();

  add(element: string, reason: string, line: number, text: string): void {
    let entry = this.unkept.get(element);
    if (!entry) this.unkept.set(element, (entry = { reason, count: 0, examples: [] }));
    entry.count++;
    if (entry.examples.length < REPORT_EXAMPLES) entry.examples.push({ line, text: text.length > 60 ? `${text.slice(0, 59)}…` : text });
  }

  get empty(): boolean {
    return this.unkept.size === 0;
  }

  /** One line per element: `<termCompList> ×3 not kept (term components): line 12 "…", line 40 "…"`. */
  lines(): string[] {
    return [...this.unkept].map(([element, e]) =>
      `${element} ×${e.count} not kept (${e.reason}): ${e.examples.map((x) => `line ${x.line}${x.text ? ` "${x.text}"` : ''}`).join(', ')}`);
  }
}

export interface FormatWriteOptions {
  /** Used by formats whose header names one source language (TMX srclang, XLIFF srcLang). */
  sourceLocale?: Locale;
  /**
   * One language pair only: the source and this locale (a working locale, or any language kept
   * as a variant, e.g. `fr`); other languages are left out. XLIFF 2.0 trgLang.
   */
  targetLocale?: LanguageTag;
  /** How zh-Hans and zh-Hant are spelled: `region` (zh-CN, zh-HK/zh-TW, the default) or `bcp47`. */
  localeTags?: LocaleTagStyle;
  /** The region written for zh-Hant under `region` (HK by default). */
  hantRegion?: HantRegion;
  /** XLIFF export: 2.0 (the default) or 1.2. */
  xliffVersion?: '1.2' | '2.0';
  /** Free-form, for adapters that need more (e.g. TBX dialect). */
  [key: string]: unknown;
}

export interface FormatAdapter<T> {
  readonly name: string;
  read(input: NodeJS.ReadableStream, options: FormatReadOptions): AsyncIterable<T>;
  write(items: AsyncIterable<T> | Iterable<T>, output: NodeJS.WritableStream, options?: FormatWriteOptions): Promise<void>;
}

/** A bad input file. The message names the file and, where known, the line or element. */
export class FormatError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly element?: string;

  constructor(file: string, reason: string, where: { line?: number; element?: string } = {}) {
    const place = [where.line !== undefined ? `line ${where.line}` : null, where.element !== undefined ? `<${where.element}>` : null]
      .filter((p): p is string => p !== null)
      .join(', ');
    super(`${file}${place ? ` (${place})` : ''}: ${reason}`);
    this.name = 'FormatError';
    this.file = file;
    if (where.line !== undefined) this.line = where.line;
    if (where.element !== undefined) this.element = where.element;
  }
}

/** A translation unit as read from (or written to) a file, before the store gives it an id. */
export interface ImportedUnit {
  sourceLocale: Locale;
  sourceText: string;
  targetLocale: Locale;
  targetText: string;
  status: UnitStatus;
  origin: UnitOrigin;
  /** Native markup of the `{kind:id}` tokens in the texts (variants included), for export. */
  inlineCodes: InlineCode[];
  /** The unit's texts in other languages (fr, pt-PT …), kept and written back. */
  variants?: UnitVariant[];
  note: string | null;
  /** The file's own properties of the unit (TMX `<prop>` other than Bitext's), written back as read. */
  props?: UnitProperty[];
  createdBy?: string;
  createdAt?: string;
  /**
   * Which unit of the file this came from (1-based: the `<tu>`, `<trans-unit>`, `<segment>` or
   * CSV row), so an import can count the file's units as other tools do: a multilingual `<tu>`
   * becomes one Bitext unit per working target.
   */
  fileUnit?: number;
}
