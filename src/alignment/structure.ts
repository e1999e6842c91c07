/**
 * Alignment of structured documents (HTML, Markdown): the structure first, then the text. At
 * each level the blocks group into units (a heading, a paragraph, a whole list, table, figure or
 * quotation; inside a list its items, inside a table its rows, inside a row its cells). Units of
 * the same kind are strong anchors: they pair by a small dynamic program over kind, length and
 * dictionary evidence, and the pairs are aligned inside, level by level (a table row with a
 * table row, a cell with a cell, a caption with a caption). What lies between anchors (runs of
 * paragraphs, units with no counterpart) goes to the paragraph and sentence aligner, as a plain
 * document would; sentences are aligned inside every block pair.
 */
import { alignDocument, alignSentences } from './aligner';
import { prepare, type Prepared } from './features';
import type { AlignOptions, DocumentBead } from './types';

/** A block as the structural aligner sees it. */
export interface StructuredBlock {
  /** The block's sentences (plain text, no code tokens); empty for an image or an empty cell. */
  sentences: string[];
  /** Its element: `h2`, `p`, `li`, `td`, `th`, `caption`, `figcaption`, `img`, `alt`, `title`, `text` (loose text) … */
  role: string;
  /** Its containers, outermost first: element number (unique in the document) and tag. */
  path: ReadonlyArray<{ element: number; tag: string }>;
}

interface Unit {
  /** Block indices, in order. */
  blocks: number[];
  /** The container tag at this level, or the block's role for a block of its own. */
  kind: string;
  container: boolean;
}

/** Kinds that may pair: the same kind, list with list, heading with a heading one level off. */
function kindScore(a: string, b: string): number {
  if (a === b) return 2;
  const lists = new Set(['ul', 'ol']);
  if (lists.has(a) && lists.has(b)) return 1.5;
  const ha = /^h([1-6])$/.exec(a);
  const hb = /^h([1-6])$/.exec(b);
  if (ha && hb) return Math.abs(Number(ha[1]) - Number(hb[1])) === 1 ? 1 : -Infinity;
  const flow = new Set(['p', 'text', 'blockquote']);
  if (flow.has(a) && flow.has(b)) return 1;
  const cells = new Set(['td', 'th']);
  if (cells.has(a) && cells.has(b)) return 1.5;
  const sections = new Set(['thead', 'tbody', 'tfoot']);
  if (sections.has(a) && sections.has(b)) return 1.5;
  return -Infinity;
}

/** A Latin letter of a page's Chinese text in Chinese characters: about the English-to-Chinese ratio. */
const LATIN_IN_CHINESE = 1 / 3;

/** Paragraph-like units: aligned by the text aligner, not as anchors. */
const FLOW = new Set(['p', 'text']);

function unitsAt(blocks: readonly StructuredBlock[], indices: readonly number[], depth: number): Unit[] {
  const units: Unit[] = [];
  let current: { element: number; unit: Unit } | null = null;
  for (const i of indices) {
    const block = blocks[i]!;
    const container = block.path[depth];
    if (container) {
      if (current && current.element === container.element) {
        current.unit.blocks.push(i);
        continue;
      }
      const unit: Unit = { blocks: [i], kind: container.tag, container: true };
      units.push(unit);
      current = { element: container.element, unit };
    } else {
      current = null;
      units.push({ blocks: [i], kind: block.role, container: false });
    }
  }
  return units;
}

/** The share of an English text's dictionary tokens found in a Chinese text (0..1). */
function overlap(p: Prepared, e: number, z: number): number {
  const from = p.tokStart[e]!;
  const to = p.tokStart[e + 1]!;
  if (to === from) return 0;
  const zFrom = p.zStart[z]!;
  const zTo = p.zStart[z + 1]!;
  let found = 0;
  for (let t = from; t < to; t++) {
    for (let k = p.tokIdStart[t]!; k < p.tokIdStart[t + 1]!; k++) {
      const id = p.tokIds[k]!;
      // zIds is sorted: binary search.
      let lo = zFrom;
      let hi = zTo - 1;
      let hit = false;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const v = p.zIds[mid]!;
        if (v === id) { hit = true; break; }
        if (v < id) lo = mid + 1;
        else hi = mid - 1;
      }
      if (hit) { found++; break; }
    }
  }
  return found / (to - from);
}

export class StructureAligner {
  private readonly enBlocks: readonly StructuredBlock[];
  private readonly zhBlocks: readonly StructuredBlock[];
  private readonly enStart: number[];
  private readonly zhStart: number[];
  private readonly enSource: boolean;
  readonly beads: DocumentBead[] = [];

  private readonly options: AlignOptions;

  constructor(source: readonly StructuredBlock[], target: readonly StructuredBlock[], options: AlignOptions) {
    // A page's Chinese keeps e-mails, numbers and addresses in Latin letters: they count as long as in the English.
    this.options = { latinInChinese: LATIN_IN_CHINESE, ...options };
    this.enSource = !(options.sourceLanguage === 'zh' && options.targetLanguage === 'en');
    this.enBlocks = withoutTableSections(this.enSource ? source : target);
    this.zhBlocks = withoutTableSections(this.enSource ? target : source);
    this.enStart = starts(this.enBlocks);
    this.zhStart = starts(this.zhBlocks);
  }

  run(): DocumentBead[] {
    this.group(range(this.enBlocks.length), range(this.zhBlocks.length), 0);
    return this.beads;
  }

  /** Aligns two runs of blocks that lie inside matched containers of depth `depth`. */
  private group(en: number[], zh: number[], depth: number): void {
    if (en.length === 0 && zh.length === 0) return;
    const eu = unitsAt(this.enBlocks, en, depth);
    const zu = unitsAt(this.zhBlocks, zh, depth);
    const pairs = this.matchUnits(eu, zu);
    let ei = 0;
    let zi = 0;
    for (const [a, b] of [...pairs, [eu.length, zu.length] as const]) {
      // The run between two anchors: the text aligner.
      this.flow(eu.slice(ei, a).flatMap((u) => u.blocks), zu.slice(zi, b).flatMap((u) => u.blocks));
      if (a < eu.length && b < zu.length) this.pair(eu[a]!, zu[b]!, depth);
      ei = a + 1;
      zi = b + 1;
    }
  }

  private pair(e: Unit, z: Unit, depth: number): void {
    if (e.container && z.container) {
      this.group(e.blocks, z.blocks, depth + 1);
      return;
    }
    if (!e.container && !z.container) {
      this.blockPair(e.blocks[0]!, z.blocks[0]!);
      return;
    }
    this.flow(e.blocks, z.blocks);
  }

  /**
   * Anchors: units pair by a dynamic program over kind, length and dictionary evidence. Units of
   * the same count and kinds, in the same order, pair one to one. Paragraph units are left to the
   * text aligner (they are anchors only when both sides have the same run of kinds).
   */
  private matchUnits(eu: Unit[], zu: Unit[]): Array<readonly [number, number]> {
    const enText = eu.map((u) => this.text(this.enBlocks, u, ' '));
    const zhText = zu.map((u) => this.text(this.zhBlocks, u, ''));
    const p = prepare(enText, zhText, this.options.termPairs ?? [], undefined, this.options.latinInChinese);
    // Two neighbouring units the translation put the other way round (list items, cells): each
    // clearly the other's translation. Beads cannot cross, so neither straight pairing is made;
    // one crossing pair is kept and the other unit stands alone on each side.
    const swapped = new Set<string>();
    for (let i = 0; i + 1 < Math.min(eu.length, zu.length); i++) {
      if (eu[i]!.kind !== eu[i + 1]!.kind || zu[i]!.kind !== eu[i]!.kind || zu[i + 1]!.kind !== eu[i]!.kind) continue;
      const cross = [overlap(p, i, i + 1), overlap(p, i + 1, i)];
      const straight = overlap(p, i, i) + overlap(p, i + 1, i + 1);
      if (cross[0]! >= 0.6 && cross[1]! >= 0.6 && cross[0]! + cross[1]! > straight + 0.8) {
        swapped.add(`${i},${i}`);
        swapped.add(`${i + 1},${i + 1}`);
      }
    }
    if (swapped.size === 0 && eu.length === zu.length && eu.every((u, i) => u.kind === zu[i]!.kind)) {
      // Same shape: every unit pairs with its counterpart, paragraphs as well.
      if (eu.every((u) => !FLOW.has(u.kind)) || eu.length <= 1) return eu.map((_, i) => [i, i] as const);
    }
    const n = eu.length;
    const m = zu.length;
    const score = (i: number, j: number): number => {
      const a = eu[i]!;
      const b = zu[j]!;
      if (FLOW.has(a.kind) && FLOW.has(b.kind)) return -Infinity;
      if (swapped.has(`${i},${j}`)) return -Infinity;
      const kind = kindScore(a.kind, b.kind);
      if (kind === -Infinity) return kind;
      const lenE = p.lenE[i]!;
      const lenZ = p.lenZ[j]!;
      const ratio = Math.abs(Math.log((lenE + 8) / (lenZ * 3.7 + 8)));
      const lexical = overlap(p, i, j);
      const s = kind + 3 * lexical - 1.5 * ratio;
      return s > 0.5 ? s : -Infinity;
    };
    // best[i][j]: best total over eu[..i] × zu[..j]; moves: skip one, or pair.
    const width = m + 1;
    const best = new Float64Array((n + 1) * width);
    const move = new Uint8Array((n + 1) * width);
    for (let i = 0; i <= n; i++) {
      for (let j = 0; j <= m; j++) {
        if (i === 0 && j === 0) continue;
        let b = -Infinity;
        let mv = 0;
        if (i > 0 && best[(i - 1) * width + j]! > b) { b = best[(i - 1) * width + j]!; mv = 1; }
        if (j > 0 && best[i * width + j - 1]! > b) { b = best[i * width + j - 1]!; mv = 2; }
        if (i > 0 && j > 0) {
          const s = score(i - 1, j - 1);
          if (s > -Infinity && best[(i - 1) * width + j - 1]! + s > b) { b = best[(i - 1) * width + j - 1]! + s; mv = 3; }
        }
        best[i * width + j] = b;
        move[i * width + j] = mv;
      }
    }
    const pairs: Array<readonly [number, number]> = [];
    let i = n;
    let j = m;
    while (i > 0 || j > 0) {
      const mv = move[i * width + j];
      if (mv === 3) { pairs.push([i - 1, j - 1]); i--; j--; }
      else if (mv === 1) i--;
      else j--;
    }
    return pairs.reverse();
  }

  private text(blocks: readonly StructuredBlock[], unit: Unit, separator: string): string {
    return unit.blocks.map((b) => blocks[b]!.sentences.join(separator)).join(separator);
  }

  /** Two blocks paired by structure: their sentences aligned with each other. */
  private blockPair(e: number, z: number): void {
    const en = this.enBlocks[e]!.sentences;
    const zh = this.zhBlocks[z]!.sentences;
    if (en.length === 0 && zh.length === 0) return;
    const options: AlignOptions = { ...this.options, sourceLanguage: 'en', targetLanguage: 'zh' };
    const beads = en.length && zh.length
      ? alignSentences(en, zh, options)
      : [...en.map((_, i) => ({ source: [i], target: [], score: 0, lowConfidence: true })), ...zh.map((_, i) => ({ source: [], target: [i], score: 0, lowConfidence: true }))];
    for (const bead of beads) {
      this.emit(bead.source.map((i) => this.enStart[e]! + i), bead.target.map((i) => this.zhStart[z]! + i), bead.score, bead.lowConfidence, [e], [z]);
    }
  }

  /** Blocks with no structural counterpart: the paragraph then sentence aligner, as for a plain document. */
  private flow(en: number[], zh: number[]): void {
    const enKept = en.filter((b) => this.enBlocks[b]!.sentences.length > 0);
    const zhKept = zh.filter((b) => this.zhBlocks[b]!.sentences.length > 0);
    if (enKept.length === 0 && zhKept.length === 0) return;
    if (enKept.length === 0 || zhKept.length === 0) {
      for (const b of enKept) this.enBlocks[b]!.sentences.forEach((_, i) => this.emit([this.enStart[b]! + i], [], 0, true, [b], []));
      for (const b of zhKept) this.zhBlocks[b]!.sentences.forEach((_, i) => this.emit([], [this.zhStart[b]! + i], 0, true, [], [b]));
      return;
    }
    const options: AlignOptions = { ...this.options, sourceLanguage: 'en', targetLanguage: 'zh' };
    const beads = alignDocument(enKept.map((b) => this.enBlocks[b]!.sentences), zhKept.map((b) => this.zhBlocks[b]!.sentences), options);
    // Local sentence indices (over the kept blocks) back to the document's.
    const enGlobal = enKept.flatMap((b) => this.enBlocks[b]!.sentences.map((_, i) => this.enStart[b]! + i));
    const zhGlobal = zhKept.flatMap((b) => this.zhBlocks[b]!.sentences.map((_, i) => this.zhStart[b]! + i));
    for (const bead of beads) {
      this.emit(
        bead.source.map((i) => enGlobal[i]!), bead.target.map((i) => zhGlobal[i]!), bead.score, bead.lowConfidence,
        bead.sourceParagraphs.map((p) => enKept[p]!), bead.targetParagraphs.map((p) => zhKept[p]!),
      );
    }
  }

  private emit(en: number[], zh: number[], score: number, lowConfidence: boolean, enBlocks: number[], zhBlocks: number[]): void {
    this.beads.push(this.enSource
      ? { source: en, target: zh, score, lowConfidence, sourceParagraphs: enBlocks, targetParagraphs: zhBlocks }
      : { source: zh, target: en, score, lowConfidence, sourceParagraphs: zhBlocks, targetParagraphs: enBlocks });
  }
}

/**
 * thead, tbody and tfoot are left out of the paths: one version's header row in a thead and the
 * other's first row of th cells in the tbody are the same row of the same table.
 */
function withoutTableSections(blocks: readonly StructuredBlock[]): StructuredBlock[] {
  const SECTIONS = new Set(['thead', 'tbody', 'tfoot']);
  return blocks.map((b) => (b.path.some((e) => SECTIONS.has(e.tag)) ? { ...b, path: b.path.filter((e) => !SECTIONS.has(e.tag)) } : b));
}

function starts(blocks: readonly StructuredBlock[]): number[] {
  const out = [0];
  for (const b of blocks) out.push(out[out.length - 1]! + b.sentences.length);
  return out;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * Aligns two structured documents: block beads by structure, sentence beads inside. Sentence
 * indices are global (as alignDocument's), beads in document order on both sides.
 */
export function alignStructured(source: readonly StructuredBlock[], target: readonly StructuredBlock[], options: AlignOptions): DocumentBead[] {
  return new StructureAligner(source, target, options).run();
}
