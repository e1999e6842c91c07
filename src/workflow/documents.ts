import { basename, dirname, extname } from 'node:path';
import { LOCALES, hanAndLatin, isChinese, type Locale } from '../locale';
import { describeNote, segmentDocument, withoutCodes, type ImportNote, type ParagraphBlock, type SegmentedDocument } from '../segmentation';
import { alignDocument, alignStructured, beadType, type StructuredBlock } from '../alignment';
import type { NewTranslationUnit, TranslationUnit } from '../memory';
import type { Repository } from '../store';
import { codedTextOf, inlineCodesFor, matchTargetCodes, tokensOf, type ArticleDocument, type CodeMatch, type CodeMarkup, type DocumentFormat, type InlineCode, type Paragraph } from '../document';
import type { WorkflowContext, TermbaseSnapshot } from './context';
import { checkUnit } from './checking';
import { assertText, WorkflowInputError } from './errors';
import { releaseCompleted } from './releases';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function validateSlug(slug: string, field = 'slug'): string {
  if (!SLUG.test(slug) || slug.length > 120) {
    throw new WorkflowInputError(field, `"${slug}" is not a valid slug: use lowercase a-z, 0-9 and single hyphens`);
  }
  return slug;
}

/** `content/jiangmen-achievements/en.md` → `jiangmen-achievements`; `My Article.txt` → `my-article`. */
export function slugFromFileName(fileName: string): string {
  const stem = basename(fileName, extname(fileName));
  const name = LOCALES.some((l) => l.toLowerCase() === stem.toLowerCase()) || stem.toLowerCase() === 'zh'
    ? basename(dirname(fileName))
    : stem;
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'article';
}

export function formatFromFileName(fileName: string): DocumentFormat {
  if (/\.(html?|xhtml)$/i.test(fileName)) return 'html';
  return /\.(md|markdown)$/i.test(fileName) ? 'markdown' : 'text';
}

/** The locales an article in `source` is translated into. */
export function targetLocalesFor(source: Locale): Locale[] {
  return LOCALES.filter((l) => l !== source);
}

function joinSentences(sentences: string[], locale: Locale): string {
  return sentences.join(isChinese(locale) ? '' : ' ');
}

function toParagraphs(blocks: ParagraphBlock[]): Paragraph[] {
  return blocks.map((b, index) => (b.markup ? { index, kind: b.kind, level: b.level, markup: b.markup } : { index, kind: b.kind, level: b.level }));
}

function titleOf(blocks: ParagraphBlock[], fallback: string): string {
  const heading = blocks.find((b) => b.kind === 'heading') ?? blocks.find((b) => !b.markup?.attribute && withoutCodes(b.text).trim() !== '');
  const text = heading ? withoutCodes(heading.text).trim() || fallback : fallback;
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}

/** One source segment and, when the article came with a translation, its aligned target. */
interface PlannedSegment {
  paragraph: number;
  text: string;
  /** The original markup of the inline codes its text holds (HTML and Markdown). */
  codes: InlineCode[];
  /** While aligning: the block's codes and the aligned translation before its codes are matched. */
  sourceCodes?: readonly CodeMarkup[];
  pendingTarget?: TargetSentence | null;
  target: { locale: Locale; text: string; bead: TranslationUnit['bead'] } | null;
}

/** A sentence of the translation with its block's codes, their ids made unique in the document. */
interface TargetSentence {
  text: string;
  codes: CodeMarkup[];
}

function targetSentencesOf(target: SegmentedDocument): TargetSentence[] {
  return target.sentences.flatMap((list, paragraph) => {
    const codes = target.paragraphs[paragraph]!.markup?.codes ?? [];
    const renamed = codes.map((c) => ({ ...c, id: `${paragraph}.${c.id}` }));
    return list.map((text) => ({ text: codes.length ? prefixTokens(text, `${paragraph}.`) : text, codes: renamed }));
  });
}

/** `{bpt:1}` → `{bpt:7.1}`: a block's code ids made unique before sentences of several blocks are joined. */
function prefixTokens(text: string, prefix: string): string {
  let out = '';
  let last = 0;
  for (const t of tokensOf(text)) {
    out += text.slice(last, t.start) + `{${t.kind}:${prefix}${t.id}}`;
    last = t.end;
  }
  return out + text.slice(last);
}

function structuredBlocks(document: SegmentedDocument): StructuredBlock[] {
  return document.paragraphs.map((p, i) => ({
    sentences: document.plain[i]!,
    role: p.markup?.attribute?.name ?? p.markup?.element?.tag ?? (p.kind === 'heading' ? `h${p.level ?? 2}` : 'text'),
    path: (p.markup?.path ?? []).map((e) => ({ element: e.element, tag: e.tag })),
  }));
}

/** A short quotation of a coded text (tokens left out) for a message. */
function quoted(text: string): string {
  const plain = withoutCodes(text).replace(/\s+/g, ' ').trim();
  return `"${plain.length > 60 ? `${plain.slice(0, 57)}…` : plain}"`;
}

/**
 * One line for each code of an aligned translation that did not come through as it was: a code
 * with no counterpart in the source segment (left out, its text kept) and a link paired with a
 * source link to another place (the source's href is published). Target code ids are
 * `block.id` (targetSentencesOf), so the block is named too, with its element and the line of
 * the file where it starts, and the source segment with its line.
 */
function describeCodeMatch(
  files: { source: string; target: string }, blocks: { source: readonly ParagraphBlock[]; target: readonly ParagraphBlock[] },
  segment: { text: string; paragraph: number }, targetText: string, match: CodeMatch,
): string[] {
  const at = (file: string, block: ParagraphBlock | undefined): string => (typeof block?.line === 'number' ? `${file}:${block.line}` : file);
  const where = (id: string): string => {
    const index = Number(id.slice(0, id.indexOf('.')));
    const block = blocks.target[index];
    const tag = block?.markup?.element?.tag;
    return `${at(files.target, block)}: block ${index + 1}${tag ? ` <${tag}>` : ''}`;
  };
  const sourceSegment = `${quoted(segment.text)} at ${at(files.source, blocks.source[segment.paragraph])}`;
  const href = (code: CodeMarkup): string => code.attributes.find(([n]) => n === 'href' || n === 'src')?.[1] ?? '';
  const lines: string[] = [];
  for (const code of match.dropped) {
    const what = code.paired ? `<${code.tag}> around ${quoted(codedTextOf(targetText, code.id))}` : `<${code.tag}>${href(code) ? ` (${href(code)})` : ''}`;
    lines.push(`${where(code.id)}: dropped ${what}: no such inline code in the source segment ${sourceSegment}; its markup is left out${code.paired ? ', its text kept' : ''}`);
  }
  for (const { target, source } of match.relinked) {
    const what = target.paired ? `link ${quoted(codedTextOf(targetText, target.id))}` : `<${target.tag}>`;
    lines.push(`${where(target.id)}: ${what} goes to "${href(target)}" but the source's goes to "${href(source)}" (segment ${sourceSegment}); the source's href is kept`);
  }
  return lines;
}

function notesOf(fileName: string, notes: ImportNote[]): string[] {
  return notes.map((note) => describeNote(fileName, note));
}

export interface ImportDocumentInput {
  text: string;
  fileName: string;
  locale: Locale;
  slug?: string;
  format?: DocumentFormat;
  by: string;
}

export interface ImportSummary {
  document: ArticleDocument;
  /** What the import removed (scripts, event handlers, unsafe URLs), unwrapped or repaired, one line each naming the file. */
  notes: string[];
  paragraphs: number;
  segments: number;
  /** Units whose translation was kept because their source segment did not change. */
  kept: number;
  added: number;
  /** Units of segments no longer in the document (their translations stay in the memory). */
  detached: number;
}

/**
 * A document plainly in the other language is refused by name: an English side with more Han
 * characters than Latin letters, a Chinese side with eight times as many letters as Han
 * characters. Such a file was most likely given in the other's place (or with the wrong locale);
 * stored, it would make an article whose English source is Chinese.
 */
export function assertLanguage(sentences: ReadonlyArray<readonly string[]>, locale: Locale, file: string): void {
  let han = 0;
  let latin = 0;
  for (const list of sentences) {
    for (const sentence of list) {
      const counts = hanAndLatin(sentence);
      han += counts.han;
      latin += counts.latin;
    }
  }
  const chinese = isChinese(locale);
  if (chinese ? latin > 8 * han : han > latin) {
    throw new WorkflowInputError('file', `${file}: the text reads as ${chinese ? 'English' : 'Chinese'}, not ${chinese ? 'Chinese' : 'English'} (are the files, or the locales, the wrong way round?)`, file);
  }
}

/** Imports (or re-imports in place) a source document as paragraphs and sentence segments. */
export async function importDocument(context: WorkflowContext, input: ImportDocumentInput): Promise<ImportSummary> {
  const slug = validateSlug(input.slug ?? slugFromFileName(input.fileName));
  const format = input.format ?? formatFromFileName(input.fileName);
  const { paragraphs, sentences, notes } = segmentDocument(assertText('text', input.text), format, input.locale, input.fileName);
  // A page of only a rule or a code listing has nothing to translate.
  if (sentences.every((list) => list.length === 0)) throw new WorkflowInputError('file', `${input.fileName}: the document is empty`, input.fileName);
  assertLanguage(sentences, input.locale, input.fileName);
  const planned: PlannedSegment[] = sentences.flatMap((list, paragraph) => list.map((text) => ({
    paragraph, text, codes: inlineCodesFor(text, paragraphs[paragraph]!.markup?.codes ?? []), target: null,
  })));
  const summary = await storeArticle(context, { slug, format, locale: input.locale, blocks: paragraphs, planned, by: input.by, keepTranslations: true });
  return { ...summary, notes: notesOf(input.fileName, notes) };
}

export interface AlignInput {
  sourceText: string;
  sourceFile: string;
  targetText: string;
  targetFile: string;
  sourceLocale: Locale;
  targetLocale: Locale;
  slug: string;
  by: string;
  /**
   * Leave the article as it is when it already holds exactly this alignment (same source segments,
   * same aligned targets): a re-run over an unchanged archive changes nothing.
   */
  keepIfUnchanged?: boolean;
}

export interface AlignSummary extends ImportSummary {
  beadsByType: Record<string, number>;
  lowConfidence: number;
  /** True when keepIfUnchanged found the article already aligned this way (nothing written). */
  unchanged?: boolean;
}

/**
 * Segments an article and its translation, aligns paragraphs then sentences, and stores one unit
 * per source segment with its aligned target (status translated, origin aligned, bead provenance).
 * Sentences merged by a bead become one segment; target sentences with no source (0-n beads)
 * join the previous segment's target, so no translated text is lost.
 */
export async function alignArticle(context: WorkflowContext, input: AlignInput): Promise<AlignSummary> {
  const slug = validateSlug(input.slug);
  if (isChinese(input.sourceLocale) === isChinese(input.targetLocale)) {
    throw new WorkflowInputError('target-locale', 'alignment pairs English with Chinese');
  }
  const format = formatFromFileName(input.sourceFile);
  const source = segmentDocument(assertText('sourceText', input.sourceText), format, input.sourceLocale, input.sourceFile);
  const target = segmentDocument(assertText('targetText', input.targetText), formatFromFileName(input.targetFile), input.targetLocale, input.targetFile);
  if (source.sentences.every((list) => list.length === 0)) throw new WorkflowInputError('file', `${input.sourceFile}: the document is empty`, input.sourceFile);
  if (target.sentences.every((list) => list.length === 0)) throw new WorkflowInputError('file', `${input.targetFile}: the document is empty`, input.targetFile);
  assertLanguage(source.sentences, input.sourceLocale, input.sourceFile);
  assertLanguage(target.sentences, input.targetLocale, input.targetFile);

  const termbase = await context.termbaseSnapshot();
  const alignOptions = {
    sourceLanguage: isChinese(input.sourceLocale) ? 'zh' as const : 'en' as const,
    targetLanguage: isChinese(input.targetLocale) ? 'zh' as const : 'en' as const,
    // Always [english, chinese], whichever side is the source.
    termPairs: englishChinesePairs(termbase, isChinese(input.targetLocale) ? input.targetLocale : input.sourceLocale),
  };
  // Two structured pages align structure first (headings, list items, rows, cells, captions as
  // anchors), then sentences inside; anything else as paragraphs then sentences.
  const beads = source.paragraphs.some((p) => p.markup) && target.paragraphs.some((p) => p.markup)
    ? alignStructured(structuredBlocks(source), structuredBlocks(target), alignOptions)
    : alignDocument(source.plain, target.plain, alignOptions);

  const pages = { source: { locale: input.sourceLocale, slug }, target: { locale: input.targetLocale, slug } };
  const sourceSentences = source.sentences.flatMap((list, paragraph) => list.map((text) => ({ text, paragraph })));
  const targetSentences = targetSentencesOf(target);
  const structured = source.paragraphs.some((p) => p.markup);
  const planned: PlannedSegment[] = [];
  const beadsByType: Record<string, number> = {};
  let lowConfidence = 0;
  let orphanTarget: TargetSentence[] = [];
  const joinTargets = (list: TargetSentence[]): TargetSentence => ({
    text: joinSentences(list.map((t) => t.text).filter(Boolean), input.targetLocale),
    codes: list.flatMap((t) => t.codes),
  });
  for (const bead of beads) {
    const type = beadType(bead);
    beadsByType[type] = (beadsByType[type] ?? 0) + 1;
    if (bead.lowConfidence) lowConfidence++;
    const targetTexts = bead.target.map((i) => targetSentences[i]!);
    if (bead.source.length === 0) {
      const previous = planned[planned.length - 1];
      if (previous?.target && previous.pendingTarget) {
        previous.pendingTarget = joinTargets([previous.pendingTarget, ...targetTexts]);
      } else orphanTarget = orphanTarget.concat(targetTexts);
      continue;
    }
    const texts = bead.source.map((i) => sourceSentences[i]!);
    // A segment of a structured page never spans two blocks: a bead across blocks gives one
    // segment a block, the aligned translation going to the first.
    const groups: Array<typeof texts> = [];
    for (const t of texts) {
      const last = groups[groups.length - 1];
      if (last && (!structured || last[0]!.paragraph === t.paragraph)) last.push(t);
      else groups.push([t]);
    }
    groups.forEach((group, g) => {
      const text = joinSentences(group.map((t) => t.text), input.sourceLocale);
      const codes = source.paragraphs[group[0]!.paragraph]!.markup?.codes ?? [];
      planned.push({
        paragraph: group[0]!.paragraph,
        text,
        codes: inlineCodesFor(text, codes),
        sourceCodes: codes,
        pendingTarget: g === 0 ? joinTargets([...orphanTarget, ...targetTexts]) : null,
        target: {
          locale: input.targetLocale,
          text: '',
          bead: { type, score: bead.score, lowConfidence: bead.lowConfidence || groups.length > 1 },
        },
      });
    });
    orphanTarget = [];
  }
  // The translation's codes are matched to the source segment's now that each target is whole;
  // what cannot be carried over (a code with no counterpart, a link elsewhere) is reported.
  const codeNotes: string[] = [];
  for (const segment of planned) {
    const pending = segment.pendingTarget;
    if (segment.target && pending) {
      if (structured) {
        const match = matchTargetCodes(pending.text, pending.codes, segment.sourceCodes ?? [], pages);
        segment.target.text = match.text;
        codeNotes.push(...describeCodeMatch(
          { source: input.sourceFile, target: input.targetFile }, { source: source.paragraphs, target: target.paragraphs }, segment, pending.text, match,
        ));
      } else segment.target.text = pending.text;
    }
    delete segment.pendingTarget;
    delete segment.sourceCodes;
  }
  const notes = [...notesOf(input.sourceFile, source.notes), ...notesOf(input.targetFile, target.notes), ...codeNotes];
  if (input.keepIfUnchanged) {
    const existing = await context.store.getDocumentBySlug(slug);
    if (existing && existing.sourceLocale === input.sourceLocale) {
      const units = (await context.store.listUnits({ documentId: existing.id, targetLocale: input.targetLocale }))
        .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
      const same = units.length === planned.length && planned.every((segment, position) => {
        const unit = units[position]!;
        // A target a person has since edited or approved is theirs now, not the aligner's.
        return unit.position === position && unit.sourceText === segment.text
          && (unit.targetText === (segment.target?.text ?? '') || unit.origin !== 'aligned' || unit.status === 'approved');
      });
      if (same) {
        return {
          document: existing, paragraphs: source.paragraphs.length, segments: planned.length,
          kept: planned.length, added: 0, detached: 0, beadsByType, lowConfidence, unchanged: true, notes,
        };
      }
    }
  }
  const summary = await storeArticle(context, {
    slug, format, locale: input.sourceLocale, blocks: source.paragraphs, planned, by: input.by, keepTranslations: false,
  });
  return { ...summary, notes, beadsByType, lowConfidence };
}

/** The termbase's English–Chinese (zh-Hans) term pairs, for pairing archive documents by content. */
export async function alignmentTermPairs(context: WorkflowContext): Promise<Array<[string, string]>> {
  return englishChinesePairs(await context.termbaseSnapshot(), 'zh-Hans');
}

/** English–Chinese term pairs of the termbase, as alignment anchors. */
function englishChinesePairs(termbase: TermbaseSnapshot, chinese: Locale): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const concept of termbase.concepts) {
    const english = concept.terms.filter((t) => t.locale === 'en' && t.status !== 'forbidden');
    const zh = concept.terms.filter((t) => t.locale === chinese && t.status !== 'forbidden');
    for (const e of english) for (const z of zh) pairs.push([e.text, z.text]);
  }
  return pairs;
}

interface StoreArticleInput {
  slug: string;
  format: DocumentFormat;
  locale: Locale;
  blocks: ParagraphBlock[];
  planned: PlannedSegment[];
  by: string;
  /** Re-import: keep the units of segments whose source text did not change. */
  keepTranslations: boolean;
}

async function storeArticle(context: WorkflowContext, input: StoreArticleInput): Promise<ImportSummary> {
  const termbase = await context.termbaseSnapshot();
  const title = titleOf(input.blocks, input.slug);
  const result = await context.store.transaction(async (tx) => {
    let document = await tx.getDocumentBySlug(input.slug);
    if (document && document.sourceLocale !== input.locale) {
      throw new WorkflowInputError('locale', `article "${input.slug}" has source locale ${document.sourceLocale}, not ${input.locale}`);
    }
    document ??= await tx.createDocument({ slug: input.slug, title, sourceLocale: input.locale, format: input.format }, input.by);
    const existing = await tx.listUnits({ documentId: document.id });
    if (input.keepTranslations) {
      // Sentences the article's units held together before (a 2-1 bead, a merge) stay together.
      input.planned = keepSegmentation(input.planned, (await tx.listSegments(document.id)).map((s) => s.text), input.locale);
    }
    await tx.replaceStructure(document.id, toParagraphs(input.blocks), input.planned.map((s, position) => ({ position, paragraph: s.paragraph, text: s.text })));

    // Re-import keeps a unit when its source segment is unchanged: matched by (locale, source text), in order.
    const reusable = new Map<string, TranslationUnit[]>();
    if (input.keepTranslations) {
      for (const unit of existing) {
        const key = `${unit.targetLocale}\u0000${unit.sourceText}`;
        reusable.set(key, [...(reusable.get(key) ?? []), unit]);
      }
    }
    const reused = new Set<number>();
    const fresh: NewTranslationUnit[] = [];
    let kept = 0;
    // Exact matches first, over the whole document, so that a changed segment never takes the
    // unit of a segment that is still there further on.
    const exact = new Map<string, TranslationUnit>();
    for (const [position, segment] of input.planned.entries()) {
      for (const targetLocale of targetLocalesFor(input.locale)) {
        const candidate = reusable.get(`${targetLocale}\u0000${segment.text}`)?.find((u) => !reused.has(u.id));
        if (candidate) {
          reused.add(candidate.id);
          exact.set(`${position}\u0000${targetLocale}`, candidate);
        }
      }
    }
    // What a re-import changed in the source keeps its previous translation, as an outdated draft.
    const changedSource = input.keepTranslations ? outdatedCandidates(existing, reused) : null;
    const keptInMemory: TranslationUnit[] = [];
    for (const [position, segment] of input.planned.entries()) {
      const previousSource = input.planned[position - 1]?.text ?? null;
      const nextSource = input.planned[position + 1]?.text ?? null;
      for (const targetLocale of targetLocalesFor(input.locale)) {
        const candidate = exact.get(`${position}\u0000${targetLocale}`);
        const similar = candidate ? undefined : changedSource?.take(targetLocale, segment.text, position);
        if (similar) {
          kept++;
          // The approved pair stays in the memory as it was; the article's unit moves on to the new source.
          if (similar.status === 'approved') keptInMemory.push(similar);
          const outdatedSource = similar.outdatedSource ?? similar.sourceText;
          const hasTarget = similar.targetText.trim() !== '';
          const status = hasTarget ? 'draft' as const : 'new' as const;
          const current = outdatedSource === segment.text;
          await tx.updateUnit(similar.id, similar.version, {
            sourceText: segment.text, position, paragraph: segment.paragraph, previousSource, nextSource,
            status, outdatedSource: current || !hasTarget ? null : outdatedSource, overrides: [],
            findings: checkUnit({ ...similar, sourceText: segment.text, status }, termbase),
          }, { action: 'source-edit', by: input.by, reason: 'source changed on re-import; the previous translation is kept as an outdated draft' });
          continue;
        }
        if (candidate) {
          kept++;
          if (candidate.position !== position || candidate.paragraph !== segment.paragraph
            || candidate.previousSource !== previousSource || candidate.nextSource !== nextSource) {
            await tx.updateUnit(candidate.id, candidate.version, { position, paragraph: segment.paragraph, previousSource, nextSource }, { action: 'realign', by: input.by });
          }
          continue;
        }
        const aligned = segment.target && segment.target.locale === targetLocale ? segment.target : null;
        const draft = {
          sourceLocale: input.locale,
          sourceText: segment.text,
          targetLocale,
          targetText: aligned?.text ?? '',
          status: aligned && aligned.text ? 'translated' as const : 'new' as const,
          inlineCodes: segment.codes,
        };
        fresh.push({
          ...draft,
          documentId: document.id,
          position,
          paragraph: segment.paragraph,
          origin: aligned ? 'aligned' : 'human',
          bead: aligned?.bead ?? null,
          matchScore: null,
          previousSource,
          nextSource,
          inlineCodes: segment.codes,
          findings: checkUnit(draft, termbase),
          overrides: [],
          createdBy: input.by,
        });
      }
    }
    const stale = existing.filter((u) => !reused.has(u.id) && !(changedSource?.taken.has(u.id)));
    const detached = await detachToMemory(tx, stale);
    await copyToMemory(tx, keptInMemory);
    const ids = await tx.insertUnits(fresh);
    // updateDocument bumps the version: cached pages of the article are stale from here on.
    document = await tx.updateDocument(document.id, { title, format: input.format });
    // A clean source is released at once; a translation kept whole (nothing changed) stays as released.
    const released = await releaseCompleted(context, tx, document.id, input.by);
    return { document, kept, added: ids.length, detached, released };
  });
  context.invalidateMemory();
  context.articleChanged(input.slug);
  context.released(result.released);
  return {
    document: result.document,
    notes: [],
    paragraphs: input.blocks.length,
    segments: input.planned.length,
    kept: result.kept,
    added: result.added,
    detached: result.detached,
  };
}

/**
 * Units of segments that left an article: their translations stay in the memory as memory-only
 * units (document null), so the work is not lost; untranslated ones are simply removed.
 */
async function detachToMemory(tx: Repository, units: TranslationUnit[]): Promise<number> {
  if (units.length === 0) return 0;
  const keep = units.filter((u) => u.targetText.trim() !== '' && u.status !== 'new');
  await tx.insertUnits(keep.map((u) => ({
    documentId: null, position: null, paragraph: null,
    sourceLocale: u.sourceLocale, sourceText: u.sourceText, targetLocale: u.targetLocale, targetText: u.targetText,
    status: u.status, origin: u.origin, bead: u.bead, matchScore: u.matchScore,
    previousSource: u.previousSource, nextSource: u.nextSource, inlineCodes: u.inlineCodes,
    findings: u.findings, overrides: u.overrides, createdBy: u.createdBy,
  })));
  await tx.deleteUnits(units.map((u) => u.id));
  return keep.length;
}

/** Word (English) or character (Chinese) set of a text, for telling a changed segment from a new one. */
function words(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[\s\p{P}]+/u).flatMap((w) => (/\p{Script=Han}/u.test(w) ? [...w] : [w])).filter(Boolean));
}

/** Dice coefficient of two word sets. */
function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Half the words in common or more: the same segment, edited (below that it is a new one). */
const SAME_SEGMENT = 0.5;

/**
 * The units a re-import left without an exact match: a new segment close enough to one of them
 * (most words shared, nearest position first) takes it over as an outdated draft.
 */
function outdatedCandidates(existing: readonly TranslationUnit[], exact: ReadonlySet<number>) {
  const left = existing.filter((u) => !exact.has(u.id) && u.position !== null).map((u) => ({ unit: u, words: words(u.sourceText) }));
  const taken = new Set<number>();
  return {
    taken,
    take(locale: Locale, text: string, position: number): TranslationUnit | undefined {
      const mine = words(text);
      let best: { unit: TranslationUnit; score: number; distance: number } | undefined;
      for (const candidate of left) {
        if (candidate.unit.targetLocale !== locale || taken.has(candidate.unit.id)) continue;
        const score = overlap(mine, candidate.words);
        if (score < SAME_SEGMENT) continue;
        const distance = Math.abs((candidate.unit.position ?? 0) - position);
        if (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && distance < best.distance)) {
          best = { unit: candidate.unit, score, distance };
        }
      }
      if (best) taken.add(best.unit.id);
      return best?.unit;
    },
  };
}

/** Memory-only copies of approved pairs whose article unit moves on to a changed source. */
async function copyToMemory(tx: Repository, units: TranslationUnit[]): Promise<void> {
  if (units.length === 0) return;
  await tx.insertUnits(units.map((u) => ({
    documentId: null, position: null, paragraph: null,
    sourceLocale: u.sourceLocale, sourceText: u.sourceText, targetLocale: u.targetLocale, targetText: u.targetText,
    status: u.status, origin: u.origin, bead: u.bead, matchScore: u.matchScore,
    previousSource: u.previousSource, nextSource: u.nextSource, inlineCodes: u.inlineCodes,
    findings: u.findings, overrides: u.overrides, createdBy: u.createdBy,
  })));
}

/** Joined sentences this close to a segment of before are that segment, edited. */
const SAME_JOINED = 0.8;

/**
 * Re-import of an article whose segments joined several sentences (an aligner's 2-1 bead, a
 * translator's merge): consecutive sentences of a paragraph are joined again where together they
 * are a segment of before, exactly or nearly (one word changed), and closer to it than the first alone.
 */
function keepSegmentation(planned: PlannedSegment[], before: readonly string[], locale: Locale): PlannedSegment[] {
  if (before.length === 0) return planned;
  const exact = new Set(before);
  const old = before.map((text) => ({ text, words: words(text) }));
  const best = (text: string): number => {
    const mine = words(text);
    let score = 0;
    for (const o of old) score = Math.max(score, overlap(mine, o.words));
    return score;
  };
  const out: PlannedSegment[] = [];
  for (let i = 0; i < planned.length;) {
    const first = planned[i]!;
    let taken = 1;
    if (!exact.has(first.text)) {
      const alone = best(first.text);
      for (let k = 2; k <= 4 && i + k <= planned.length; k++) {
        const group = planned.slice(i, i + k);
        if (group.some((s) => s.paragraph !== first.paragraph || s.target)) break;
        const joined = joinSentences(group.map((s) => s.text), locale);
        if (exact.has(joined) || (best(joined) >= SAME_JOINED && best(joined) > alone)) {
          taken = k;
          break;
        }
      }
    }
    const group = planned.slice(i, i + taken);
    out.push(taken === 1 ? first : { ...first, text: joinSentences(group.map((s) => s.text), locale) });
    i += taken;
  }
  return out;
}
