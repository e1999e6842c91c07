/**
 * Alignment repair: a translator fixes what the aligner paired wrongly. Merge a segment with the
 * next, split one at a point, or move a sentence to the neighbouring unit. The structure
 * (segments) and every target locale's units change together in one transaction, and the
 * memory index follows, so a later lookup never offers the broken pairing again.
 */
import { isChinese, type Locale } from '../locale';
import { splitSentences } from '../segmentation';
import type { BeadProvenance, NewTranslationUnit, TranslationUnit, UnitStatus } from '../memory';
import { NotFoundError, VersionConflictError, type Repository } from '../store';
import { inlineCodesFor, type ArticleDocument, type InlineCode, type Paragraph, type Segment } from '../document';
import type { WorkflowContext, TermbaseSnapshot } from './context';
import { checkUnit } from './checking';
import { WorkflowInputError } from './errors';
import { releaseCompleted } from './releases';

export interface RepairTarget {
  /** The unit the translator acted on (its segment, in its article). */
  unitId: number;
  /** Refuse when that unit changed since the translator saw it. */
  version?: number;
  by: string;
}

export interface SplitInput extends RepairTarget {
  /** UTF-16 offset in the source segment where the second part starts. */
  at: number;
  /**
   * Offset per target locale where its second part starts (0 … length). A locale not named keeps
   * its whole target in the first part; the second part starts untranslated.
   */
  targets?: Partial<Record<Locale, number>>;
}

export interface MoveInput extends RepairTarget {
  /** Which side's sentence moves: the source (all locales follow) or this unit's target only. */
  side: 'source' | 'target';
  /** `next`: the last sentence moves to the start of the next unit; `previous`: the first to the end of the previous. */
  direction: 'next' | 'previous';
}

export interface RepairResult {
  slug: string;
  /** Units of the article that changed or were created, in document order. */
  units: TranslationUnit[];
  /** Ids of units that no longer exist (folded into a neighbour). */
  removed: number[];
}

/** Where a unit ends up after a repair, and what its target becomes. */
interface Placement {
  /** The unit as stored, or null for a unit the repair creates. */
  unit: TranslationUnit | null;
  /** For a new unit: the unit it was split from (locale, origin, provenance). */
  from?: TranslationUnit;
  position: number;
  targetText: string;
  /** The repair changed what this unit pairs: it needs review again. */
  repaired: boolean;
  bead?: BeadProvenance | null;
}

interface Article {
  unit: TranslationUnit;
  document: ArticleDocument;
  paragraphs: Paragraph[];
  segments: Segment[];
  units: TranslationUnit[];
}

function joiner(locale: Locale): string {
  return isChinese(locale) ? '' : ' ';
}

function join(locale: Locale, ...parts: string[]): string {
  return parts.map((p) => p.trim()).filter((p) => p !== '').join(joiner(locale));
}

/** `1-1` + `1-2` → `2-3`: the bead a merge makes, scored by its weaker part. */
function mergedBead(a: BeadProvenance | null, b: BeadProvenance | null): BeadProvenance | null {
  if (!a || !b) return a ?? b;
  const [as, at] = a.type.split('-').map(Number);
  const [bs, bt] = b.type.split('-').map(Number);
  const type = [as, at, bs, bt].every((n) => Number.isInteger(n)) ? `${as! + bs!}-${at! + bt!}` : a.type;
  // A person confirmed this pairing: it is no longer the aligner's guess.
  return { type, score: Math.min(a.score, b.score), lowConfidence: false };
}

function confirmedBead(bead: BeadProvenance | null): BeadProvenance | null {
  return bead ? { ...bead, lowConfidence: false } : null;
}

async function loadArticle(tx: Repository, target: RepairTarget): Promise<Article> {
  const unit = await tx.getUnit(target.unitId);
  if (!unit) throw new NotFoundError('unit', target.unitId);
  if (target.version !== undefined && target.version !== unit.version) {
    throw new VersionConflictError('translation unit', unit.id, target.version, unit.version);
  }
  if (unit.documentId === null || unit.position === null) {
    throw new WorkflowInputError('unit', `unit ${unit.id} lives in the memory only, not in an article`);
  }
  const document = await tx.getDocument(unit.documentId);
  if (!document) throw new NotFoundError('document', unit.documentId);
  return {
    unit,
    document,
    paragraphs: await tx.listParagraphs(document.id),
    segments: await tx.listSegments(document.id),
    units: await tx.listUnits({ documentId: document.id }),
  };
}

function segmentAt(article: Article, position: number, field: string): Segment {
  const segment = article.segments.find((s) => s.position === position);
  if (!segment) throw new WorkflowInputError(field, `segment ${position} does not exist in ${article.document.slug}`);
  return segment;
}

/** A block of a structured page as a message names it: `heading <h2>`, `list item <li>`, `alt text of <img>`. */
function blockName(paragraph: Paragraph | undefined): string {
  const markup = paragraph?.markup;
  if (!markup) return paragraph?.kind === 'heading' ? 'heading' : 'paragraph';
  if (markup.attribute) return `${markup.attribute.name} text of an element`;
  const tag = markup.element?.tag;
  if (!tag) return 'text';
  if (/^h[1-6]$/.test(tag)) return `heading <${tag}>`;
  const names: Record<string, string> = { p: 'paragraph', li: 'list item', td: 'table cell', th: 'table header cell', caption: 'table caption', figcaption: 'figure caption', blockquote: 'quotation', dt: 'term', dd: 'definition', pre: 'preformatted block' };
  return `${names[tag] ?? 'block'} <${tag}>`;
}

/**
 * A repair stays inside one block: a heading never merges with the paragraph after it, a cell
 * with the next cell. The page is rebuilt block by block from the source's markup.
 */
function sameParagraph(article: Article, a: Segment, b: Segment): void {
  if (a.paragraph === b.paragraph) return;
  const blocks = article.paragraphs.some((p) => p.markup);
  if (!blocks) {
    throw new WorkflowInputError('position', `segments ${a.position} and ${b.position} are in different paragraphs; a repair stays inside one paragraph`);
  }
  const first = blockName(article.paragraphs.find((p) => p.index === a.paragraph));
  const second = blockName(article.paragraphs.find((p) => p.index === b.paragraph));
  throw new WorkflowInputError('position', `segments ${a.position} and ${b.position} are in different blocks (a ${first}, then a ${second}); a repair stays inside one block, so the page keeps its structure`);
}

/** Every unit left where it is, for the repairs to adjust. */
function unchanged(article: Article): Placement[] {
  return article.units.map((unit) => ({ unit, position: unit.position!, targetText: unit.targetText, repaired: false }));
}

/**
 * Writes a repaired article: the new segments, then every unit whose position, neighbours,
 * texts or status changed (re-checked, history entry `realign`), new units, removed units.
 */
async function applyRepair(
  tx: Repository,
  article: Article,
  segments: Array<{ paragraph: number; text: string }>,
  placements: Placement[],
  removed: TranslationUnit[],
  reason: string,
  by: string,
  termbase: TermbaseSnapshot,
): Promise<{ updated: TranslationUnit[]; inserted: number[] }> {
  await tx.replaceStructure(article.document.id, article.paragraphs, segments.map((s, position) => ({ position, ...s })));
  // A structured page's segment carries the markup of the codes its text now holds (a merge joins
  // two segments' codes, a split parts them): exports and the placeholders check read them.
  const markupCodes = new Map(article.paragraphs.filter((p) => p.markup).map((p) => [p.index, p.markup!.codes]));
  const codesOf = (segment: { paragraph: number; text: string }, unit: TranslationUnit | undefined): InlineCode[] => {
    const codes = markupCodes.get(segment.paragraph);
    return codes ? inlineCodesFor(segment.text, codes) : unit?.inlineCodes ?? [];
  };
  const updated: TranslationUnit[] = [];
  const fresh: NewTranslationUnit[] = [];
  for (const placement of placements) {
    const segment = segments[placement.position]!;
    const previousSource = segments[placement.position - 1]?.text ?? null;
    const nextSource = segments[placement.position + 1]?.text ?? null;
    const base = placement.unit ?? placement.from!;
    const empty = placement.targetText.trim() === '';
    let status: UnitStatus = placement.unit?.status ?? 'new';
    if (empty) status = 'new';
    else if (placement.repaired && (status === 'approved' || status === 'new')) status = 'translated';
    const inlineCodes = codesOf(segment, placement.unit ?? placement.from);
    const checked = { sourceLocale: base.sourceLocale, sourceText: segment.text, targetLocale: base.targetLocale, targetText: placement.targetText, status, inlineCodes };
    if (!placement.unit) {
      fresh.push({
        documentId: article.document.id, position: placement.position, paragraph: segment.paragraph,
        sourceLocale: base.sourceLocale, sourceText: segment.text, targetLocale: base.targetLocale, targetText: placement.targetText,
        status, origin: base.origin, bead: placement.bead ?? confirmedBead(base.bead), matchScore: null,
        previousSource, nextSource, inlineCodes, findings: checkUnit(checked, termbase), overrides: [], createdBy: by,
      });
      continue;
    }
    const unit = placement.unit;
    const textChanged = unit.sourceText !== segment.text || unit.targetText !== placement.targetText;
    const patch = {
      ...(unit.position !== placement.position ? { position: placement.position } : {}),
      ...(unit.paragraph !== segment.paragraph ? { paragraph: segment.paragraph } : {}),
      ...(unit.previousSource !== previousSource ? { previousSource } : {}),
      ...(unit.nextSource !== nextSource ? { nextSource } : {}),
      ...(unit.sourceText !== segment.text ? { sourceText: segment.text } : {}),
      ...(JSON.stringify(unit.inlineCodes) !== JSON.stringify(inlineCodes) ? { inlineCodes } : {}),
      ...(unit.targetText !== placement.targetText ? { targetText: placement.targetText } : {}),
      ...(unit.status !== status ? { status } : {}),
      ...(placement.bead !== undefined ? { bead: placement.bead } : {}),
      // An override speaks of the text it was given for; a repaired pairing must earn its own.
      ...(textChanged || placement.repaired ? { findings: checkUnit(checked, termbase), overrides: [] } : {}),
    };
    if (Object.keys(patch).length === 0) continue;
    const note = textChanged || placement.repaired ? reason : 'neighbouring segments repaired';
    updated.push(await tx.updateUnit(unit.id, unit.version, patch, { action: 'realign', by, reason: note }));
  }
  if (removed.length > 0) await tx.deleteUnits(removed.map((u) => u.id));
  const inserted = fresh.length > 0 ? await tx.insertUnits(fresh) : [];
  return { updated, inserted };
}

/** Runs one repair in a transaction, then keeps the memory index and page caches in step. */
async function repair(
  context: WorkflowContext,
  target: RepairTarget,
  plan: (article: Article) => { segments: Array<{ paragraph: number; text: string }>; placements: Placement[]; removed: TranslationUnit[]; reason: string },
): Promise<RepairResult> {
  const termbase = await context.termbaseSnapshot();
  const result = await context.store.transaction(async (tx) => {
    const article = await loadArticle(tx, target);
    const planned = plan(article);
    const { updated, inserted } = await applyRepair(tx, article, planned.segments, planned.placements, planned.removed, planned.reason, target.by, termbase);
    const created: TranslationUnit[] = [];
    for (const id of inserted) {
      const unit = await tx.getUnit(id);
      if (unit) created.push(unit);
    }
    const document = await tx.touchDocument(article.document.id);
    // A repair that leaves what readers see unchanged makes no release; releases never go offline.
    const released = await releaseCompleted(context, tx, document.id, target.by);
    return { slug: document.slug, units: [...updated, ...created], removed: planned.removed.map((u) => u.id), released };
  });
  await context.unitsRemoved(result.removed);
  for (const unit of result.units) await context.unitChanged(unit);
  context.articleChanged(result.slug);
  context.released(result.released);
  result.units.sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.targetLocale.localeCompare(b.targetLocale));
  return result;
}

/** Merges a unit's segment with the next one (same paragraph), in every target locale. */
export function mergeWithNext(context: WorkflowContext, input: RepairTarget): Promise<RepairResult> {
  return repair(context, input, (article) => {
    const position = article.unit.position!;
    const first = segmentAt(article, position, 'position');
    const second = segmentAt(article, position + 1, 'position');
    sameParagraph(article, first, second);
    const source = article.document.sourceLocale;
    const segments = article.segments
      .filter((s) => s.position !== position + 1)
      .map((s) => ({ paragraph: s.paragraph, text: s.position === position ? join(source, first.text, second.text) : s.text }));
    const placements: Placement[] = [];
    const removed: TranslationUnit[] = [];
    for (const placement of unchanged(article)) {
      const unit = placement.unit!;
      if (unit.position === position + 1) { removed.push(unit); continue; }
      if (unit.position! > position + 1) placement.position = unit.position! - 1;
      if (unit.position === position) {
        const next = article.units.find((u) => u.position === position + 1 && u.targetLocale === unit.targetLocale);
        placement.targetText = join(unit.targetLocale, unit.targetText, next?.targetText ?? '');
        placement.repaired = true;
        placement.bead = mergedBead(unit.bead, next?.bead ?? null);
      }
      placements.push(placement);
    }
    return { segments, placements, removed, reason: `merged segments ${position} and ${position + 1}` };
  });
}

/** Splits a unit's segment in two at a source offset (and, per locale, a target offset). */
export function splitSegment(context: WorkflowContext, input: SplitInput): Promise<RepairResult> {
  return repair(context, input, (article) => {
    const position = article.unit.position!;
    const segment = segmentAt(article, position, 'position');
    if (!Number.isInteger(input.at) || input.at <= 0 || input.at >= segment.text.length) {
      throw new WorkflowInputError('at', `must be an offset inside the segment (1–${segment.text.length - 1})`);
    }
    const head = segment.text.slice(0, input.at).trim();
    const tail = segment.text.slice(input.at).trim();
    if (head === '' || tail === '') throw new WorkflowInputError('at', 'both parts of the split must hold text');
    const segments = article.segments.flatMap((s) => (s.position === position
      ? [{ paragraph: s.paragraph, text: head }, { paragraph: s.paragraph, text: tail }]
      : [{ paragraph: s.paragraph, text: s.text }]));
    const placements: Placement[] = [];
    for (const placement of unchanged(article)) {
      const unit = placement.unit!;
      if (unit.position! > position) placement.position = unit.position! + 1;
      placements.push(placement);
      if (unit.position !== position) continue;
      const cut = input.targets?.[unit.targetLocale] ?? unit.targetText.length;
      if (!Number.isInteger(cut) || cut < 0 || cut > unit.targetText.length) {
        throw new WorkflowInputError(`targets.${unit.targetLocale}`, `must be an offset in the target (0–${unit.targetText.length})`);
      }
      placement.targetText = unit.targetText.slice(0, cut).trim();
      placement.repaired = true;
      placement.bead = confirmedBead(unit.bead);
      placements.push({ unit: null, from: unit, position: position + 1, targetText: unit.targetText.slice(cut).trim(), repaired: true });
    }
    return { segments, placements, removed: [], reason: `split segment ${position} at character ${input.at}` };
  });
}

/**
 * Moves one sentence across the boundary between a unit and its neighbour: the source sentence
 * (the segments change, every locale's units follow) or this locale's target sentence only.
 */
export function moveSentence(context: WorkflowContext, input: MoveInput): Promise<RepairResult> {
  return repair(context, input, (article) => {
    const position = article.unit.position!;
    const neighbourPosition = input.direction === 'next' ? position + 1 : position - 1;
    const here = segmentAt(article, position, 'position');
    const there = segmentAt(article, neighbourPosition, 'direction');
    sameParagraph(article, here, there);
    const moveOut = (text: string, locale: Locale): { kept: string; moved: string } => {
      const sentences = splitSentences(text, locale);
      if (sentences.length === 0) return { kept: '', moved: '' };
      const moved = input.direction === 'next' ? sentences[sentences.length - 1]! : sentences[0]!;
      const kept = input.direction === 'next' ? sentences.slice(0, -1) : sentences.slice(1);
      return { kept: kept.join(joiner(locale)), moved };
    };
    const attach = (text: string, moved: string, locale: Locale): string =>
      (input.direction === 'next' ? join(locale, moved, text) : join(locale, text, moved));
    const placements = unchanged(article);
    const reason = `moved the ${input.direction === 'next' ? 'last' : 'first'} ${input.side} sentence of segment ${position} to segment ${neighbourPosition}`;

    if (input.side === 'source') {
      const locale = article.document.sourceLocale;
      const { kept, moved } = moveOut(here.text, locale);
      if (kept === '') throw new WorkflowInputError('side', `segment ${position} has one sentence: merge it instead`);
      const segments = article.segments.map((s) => ({
        paragraph: s.paragraph,
        text: s.position === position ? kept : s.position === neighbourPosition ? attach(s.text, moved, locale) : s.text,
      }));
      for (const p of placements) if (p.position === position || p.position === neighbourPosition) p.repaired = true;
      return { segments, placements, removed: [], reason };
    }

    const unit = article.unit;
    const neighbour = placements.find((p) => p.position === neighbourPosition && p.unit!.targetLocale === unit.targetLocale);
    const mine = placements.find((p) => p.unit!.id === unit.id)!;
    if (!neighbour) throw new WorkflowInputError('direction', `segment ${neighbourPosition} has no ${unit.targetLocale} unit`);
    const { kept, moved } = moveOut(unit.targetText, unit.targetLocale);
    if (moved === '') throw new WorkflowInputError('side', `unit ${unit.id} has no target sentence to move`);
    mine.targetText = kept;
    neighbour.targetText = attach(neighbour.targetText, moved, unit.targetLocale);
    mine.repaired = true;
    neighbour.repaired = true;
    mine.bead = confirmedBead(unit.bead);
    neighbour.bead = confirmedBead(neighbour.unit!.bead);
    return { segments: article.segments.map((s) => ({ paragraph: s.paragraph, text: s.text })), placements, removed: [], reason };
  });
}
