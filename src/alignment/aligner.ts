/** Sentence and document alignment over the prepared evidence (see features.ts, bead-model.ts and band.ts). */
import { prepare, prepareTokens, scanDocument, WORD, NAME, NUMBER, MARK, TERM, type DocumentScan, type Prepared } from './features';
import { SHAPES, tokenWeights, type AlignParams, type RawBead, type TokenWeights } from './bead-model';
import { alignRange } from './band';
import { pathScorer, refinePath } from './refine';
import { learnTable } from './learn';
import { BeadModel } from './bead-model';
import type { AlignOptions, Bead, DocumentBead } from './types';

// Fitted on the dev sets by coordinate search over these few numbers, tuned on mac-dev 001-003 and
// the first 530 beads of aca-dev and checked on the rest (strict F1 tuned half 0.871 / 0.978,
// held-out half 0.894 / 1.000), so they are not learnt by heart. The omission parameters (1-0 prior,
// mergeSupport / mergePenalty, the local-rate window in features.ts) were chosen on the same tuning
// halves with 7% of one side's lines deleted (eval --drop) and checked on the other halves: held-out
// clean 0.896 / 1.000 (was 0.894 / 1.000), with deletions mac 0.837 / 0.848 (was 0.821 / 0.848) and
// aca 0.966 / 0.956 (was 0.959 / 0.921) for source / target lines deleted.
const q: number[] = [];
q[WORD] = 0.4;
q[NAME] = 0.83;
q[NUMBER] = 0.8;
q[MARK] = 0.5;
q[TERM] = 0.9;
const qZ: number[] = [];
qZ[WORD] = 0.4;
qZ[NAME] = 0.7;
qZ[NUMBER] = 0.8;
qZ[MARK] = 0.6;
qZ[TERM] = 0.9;

/** Sentence-level parameters (shapes as in SHAPES: English-Chinese). */
export const SENTENCE_PARAMS: AlignParams = {
  q,
  qZ,
  zhWeight: 0.45,
  qAbsent: 0.3,
  lexWeight: 1,
  lenWeight: 1,
  lenSigma: 0.2,
  lenShort: 1,
  defaultRatio: 3.7,
  //      1-1  1-0 0-1   2-1   1-2  3-1   1-3  2-2 4-1 1-4 3-2 2-3
  prior: [0, -5, -7, -0.9, -2, -2.2, -4.5, -5, -3, -7, -6, -5, -5, -6, -7],
  band: 12,
  // Omissions: chosen on the tuning halves with 7% of one side's lines deleted (eval --drop).
  // mergeSupport re-fitted with the quotation states in place: 0 / 0.25 / 0.5 / 0.75 / 1 / 2 gave
  // tuning half .882 / .883 / .883 / .881 / .881 / .874 (held-out .902 / .905 / .905 / .905 / .901 /
  // .895); with 7% deleted, tuning half unchanged at 0.5 (mac .812 / .832, aca .951 / .933).
  mergeSupport: 0.5,
  mergePenalty: 1,
  // Accidental matches scale with a bead side's size, half its sentence count and half its length
  // (chosen on the tuning halves: 0 / 0.3 / 0.5 / 0.7 / 1 gave mac .853 / .854 / .857 / .844 / .837).
  sizeShare: 0.5,
  // The post-pass (refine.ts): a matched token a whole bead away from its sentence's stretch costs 1
  // nat. Tuning half (strict F1) at 0 / 0.5 / 1 / 1.5 / 2 / 3: .857 / .863 / .867 / .871 / .871 / .870;
  // 1 kept, the held-out half being .896 / .896 / .900 / .895 / .894 / .897. Re-fitted with the quotation
  // states and the learnt table in place: 0.75 / 1 / 1.1 / 1.25 / 1.4 / 1.5 / 2 gave tuning half .888 /
  // .891 / .892 / .895 / .895 / .895 / .888 (held-out .906 / .910 / .910 / .910 / .910 / .907 / .905);
  // 1.25 kept (aca-dev halves .992 / 1.000 unchanged, whole .994 → .996; with 7% deleted mac .830 /
  // .855, was .828 / .855, aca .967 / .953 unchanged).
  // Quotation states at a bead's end, weighed by their log-odds on the first pass's path against the
  // cells next to it (refine.ts quoteWeights). Tuning half at 0 / 0.5 / 1 / 1.5 / 2 / 3 / 5: .867 /
  // .865 / .876 / .881 / .881 / .883 / .874; 2 kept (held-out .900 / .901 / .901 / .901 / .901 / .901 / .898).
  refine: { order: 1.25, passes: 3, quote: 2 },
  // The second post-pass with a translation table learnt from the first one's beads (learn.ts).
  // minProb on the tuning half (strict F1) at 0.2 / 0.25 / 0.3: .891 / .891 / .892 (held-out .910 /
  // .910 / .907; without it .883 / .905), aca-dev .992 / 1.000 (was .992 / .996); with 7% of one
  // side's lines deleted the same or a little better on every half. Re-aligning the whole text with the table instead of
  // re-cutting the path gained less (.891 / .909) at twice the cost; Chinese words from the greedy
  // segmentation only (.892 / .906) or leaving out words seen in one bead (.888 / .910) did worse.
  // One pass over the touched pairs does as well as three.
  learn: { iterations: 5, minProb: 0.25, minCount: 2, maxShare: 0.1, passes: 1 },
};

/** Paragraph-level: the same evidence, but untranslated paragraphs are more common than sentences. */
export const PARAGRAPH_PARAMS: AlignParams = {
  ...SENTENCE_PARAMS,
  lenSigma: 0.25,
  // No paragraph-aligned gold to fit on: merging two paragraphs must be paid for by the evidence
  // of the second one, so a merge costs more than leaving a paragraph untranslated.
  //      1-1  1-0 0-1  2-1   1-2   3-1 1-3 2-2 4-1 1-4 3-2 2-3
  prior: [0, -3, -3, -3.5, -3.5, -6, -6, -5, -8, -8, -8, -8, -10, -10, -10],
  band: 12,
};

/**
 * Bead confidence: a logistic model of "this bead is exactly right", fitted on the dev sets' beads
 * (mac-dev and aca-dev, 2,411 predicted beads) from the bead's margin (how far its boundaries beat
 * the nearest alternatives), whether it is a 1-0 / 0-1 bead, and whether it spans more than two
 * sentences. Beads under the threshold were wrong 45% of the time on the dev sets (8% overall).
 */
export const CONFIDENCE = { intercept: 0.003, logMargin: 1.855, nullBead: -3.093, manySentences: -0.764, threshold: 0.6 };

function confidence(raw: RawBead): { score: number; lowConfidence: boolean } {
  const a = raw.e1 - raw.e0;
  const b = raw.z1 - raw.z0;
  const z =
    CONFIDENCE.intercept +
    CONFIDENCE.logMargin * Math.log1p(raw.margin) +
    (a === 0 || b === 0 ? CONFIDENCE.nullBead : 0) +
    (a + b > 2 ? CONFIDENCE.manySentences : 0);
  const score = 1 / (1 + Math.exp(-z));
  return { score, lowConfidence: score < CONFIDENCE.threshold };
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i < b; i++) out.push(i);
  return out;
}

/** The English side is the one the tokens come from; the DP always runs English × Chinese. */
function englishIsSource(options: AlignOptions): boolean {
  return !(options.sourceLanguage === 'zh' && options.targetLanguage === 'en');
}

function toBead(raw: RawBead, enSource: boolean): Bead {
  const en = range(raw.e0, raw.e1);
  const zh = range(raw.z0, raw.z1);
  return { source: enSource ? en : zh, target: enSource ? zh : en, ...confidence(raw) };
}

/**
 * The evidence again with a translation table learnt from the first pass's beads (learn.ts), for a
 * second post-pass; null when nothing was learnt.
 */
function withLearnt(
  scan: DocumentScan,
  p: Prepared,
  w: TokenWeights,
  params: AlignParams,
  beads: readonly RawBead[],
): { p: Prepared; w: TokenWeights; touched: Uint8Array } | null {
  const table = learnTable(scan, p, beads, params.learn!);
  if (table.size === 0) return null;
  const learnt = prepareTokens(scan, table, p);
  // Only bead pairs with a learnt word are re-cut: elsewhere the evidence is (nearly) the same.
  const touched = new Uint8Array(p.nE);
  scan.scanned.forEach(({ words }, e) => {
    if (words.some((w) => table.has(w.lower))) touched[e] = 1;
  });
  return { p: learnt, w: tokenWeights(learnt, params, w), touched };
}

/** The bead model of one aligned range, English [e0, e1) × Chinese [z0, z1). */
function rangeModel(p: Prepared, w: TokenWeights, params: AlignParams, e0: number, e1: number, z0: number, z1: number): BeadModel {
  const cumE = new Float64Array(e1 - e0 + 1);
  const cumZ = new Float64Array(z1 - z0 + 1);
  for (let i = e0; i < e1; i++) cumE[i - e0 + 1] = cumE[i - e0] + p.lenE[i];
  for (let j = z0; j < z1; j++) cumZ[j - z0 + 1] = cumZ[j - z0] + p.lenZ[j];
  return new BeadModel(p, w, params, e0, z0, cumE, cumZ);
}

/** The post-pass over the beads of one aligned range: English [e0, e1) × Chinese [z0, z1). */
function refineRange(
  p: Prepared,
  w: TokenWeights,
  params: AlignParams,
  raw: RawBead[],
  e0: number,
  e1: number,
  z0: number,
  z1: number,
  only?: Uint8Array,
): RawBead[] {
  if (!params.refine || raw.length < 2) return raw;
  // The second post-pass (with a learnt table) re-cuts only the pairs it touches, params.learn.passes times.
  const options = only && params.learn ? { ...params.refine, passes: params.learn.passes } : params.refine;
  return refinePath(p, rangeModel(p, w, params, e0, e1, z0, z1), raw, options, only);
}

/** The sentence beads, and the evidence the last post-pass read with the path it started from. */
interface SentenceRun {
  beads: RawBead[];
  last: { p: Prepared; w: TokenWeights; from: RawBead[] };
}

function runSentences(english: readonly string[], chinese: readonly string[], options: AlignOptions, params: AlignParams): SentenceRun {
  const scan = scanDocument(english, chinese, options.termPairs ?? [], options.latinInChinese);
  const prepared = prepareTokens(scan);
  const weights = tokenWeights(prepared, params);
  const raw = alignRange(prepared, 0, english.length, 0, chinese.length, params, weights);
  let beads = refineRange(prepared, weights, params, raw, 0, english.length, 0, chinese.length);
  let last = { p: prepared, w: weights, from: raw };
  if (params.learn) {
    const second = withLearnt(scan, prepared, weights, params, beads);
    if (second) {
      last = { p: second.p, w: second.w, from: beads };
      beads = refineRange(second.p, second.w, params, beads, 0, english.length, 0, chinese.length, second.touched);
    }
  }
  return { beads, last };
}

export function alignSentencesWith(
  source: readonly string[],
  target: readonly string[],
  options: AlignOptions,
  params: AlignParams = SENTENCE_PARAMS,
): Bead[] {
  const enSource = englishIsSource(options);
  const run = runSentences(enSource ? source : target, enSource ? target : source, options, params);
  return run.beads.map((bead) => toBead(bead, enSource));
}

/** alignSentencesWith's beads, and the score its last post-pass gave any bead (for error analysis). */
export interface SentenceTrace {
  beads: Bead[];
  /**
   * The bead of these source and target sentences as the last post-pass scored it (an empty side
   * lies before sentence `at` of its side); -Infinity when either side is not a run of consecutive
   * sentences or the shape is not one of the model's.
   */
  score(bead: { source: readonly number[]; target: readonly number[] }, at: { source: number; target: number }): number;
}

export function traceSentences(
  source: readonly string[],
  target: readonly string[],
  options: AlignOptions,
  params: AlignParams = SENTENCE_PARAMS,
): SentenceTrace {
  const enSource = englishIsSource(options);
  const english = enSource ? source : target;
  const chinese = enSource ? target : source;
  const run = runSentences(english, chinese, options, params);
  const { p, w, from } = run.last;
  const model = rangeModel(p, w, params, 0, english.length, 0, chinese.length);
  const scorer = params.refine
    ? pathScorer(p, model, from, params.refine)
    : (a0: number, a1: number, b0: number, b1: number): number => model.score(a0, a1, b0, b1);
  // A side's run [start, end), or null when its indices are not consecutive.
  const runOf = (xs: readonly number[], at: number): [number, number] | null => {
    for (let k = 1; k < xs.length; k++) if (xs[k] !== xs[k - 1] + 1) return null;
    return xs.length ? [xs[0], xs[xs.length - 1] + 1] : [at, at];
  };
  return {
    beads: run.beads.map((bead) => toBead(bead, enSource)),
    score(bead, at): number {
      const e = enSource ? runOf(bead.source, at.source) : runOf(bead.target, at.target);
      const z = enSource ? runOf(bead.target, at.target) : runOf(bead.source, at.source);
      return e && z ? scorer(e[0], e[1], z[0], z[1]) : -Infinity;
    },
  };
}

/** Aligns two lists of sentences; every index lands in exactly one bead, beads in order. */
export function alignSentences(source: string[], target: string[], options: AlignOptions): Bead[] {
  return alignSentencesWith(source, target, options);
}

/**
 * Aligns paragraphs first, then sentences inside each paragraph bead. Sentence indices in the
 * result are global: positions in the concatenation of all paragraphs of that side.
 */
export function alignDocument(source: string[][], target: string[][], options: AlignOptions): DocumentBead[] {
  const enSource = englishIsSource(options);
  const enParas = enSource ? source : target;
  const zhParas = enSource ? target : source;
  const english = enParas.flat();
  const chinese = zhParas.flat();
  const enStart = [0];
  for (const p of enParas) enStart.push(enStart[enStart.length - 1] + p.length);
  const zhStart = [0];
  for (const p of zhParas) zhStart.push(zhStart[zhStart.length - 1] + p.length);

  // Paragraph beads: the same model over whole paragraphs.
  let paraBeads: RawBead[];
  if (enParas.length === 1 && zhParas.length === 1) paraBeads = [{ e0: 0, e1: 1, z0: 0, z1: 1, score: 0, lex: 0, margin: 50 }];
  else {
    const prepared = prepare(
      enParas.map((p) => p.join(' ')),
      zhParas.map((p) => p.join('')),
      options.termPairs ?? [],
      undefined,
      options.latinInChinese,
    );
    paraBeads = alignRange(prepared, 0, enParas.length, 0, zhParas.length, PARAGRAPH_PARAMS);
  }

  const scan = scanDocument(english, chinese, options.termPairs ?? [], options.latinInChinese);
  const sentences = prepareTokens(scan);
  const weights = tokenWeights(sentences, SENTENCE_PARAMS);
  // Sentence beads inside each paragraph bead (they never cross one), with the same post-passes as
  // alignSentences: the table is learnt from the whole document's first-pass beads.
  const ranges = paraBeads.map((pb) => [enStart[pb.e0], enStart[pb.e1], zhStart[pb.z0], zhStart[pb.z1]] as const);
  let perParagraph = ranges.map(([e0, e1, z0, z1]) =>
    refineRange(sentences, weights, SENTENCE_PARAMS, alignRange(sentences, e0, e1, z0, z1, SENTENCE_PARAMS, weights), e0, e1, z0, z1),
  );
  const second = SENTENCE_PARAMS.learn ? withLearnt(scan, sentences, weights, SENTENCE_PARAMS, perParagraph.flat()) : null;
  if (second) perParagraph = perParagraph.map((beads, k) => refineRange(second.p, second.w, SENTENCE_PARAMS, beads, ...ranges[k], second.touched));
  const out: DocumentBead[] = [];
  paraBeads.forEach((pb, k) => {
    const enParagraphs = range(pb.e0, pb.e1);
    const zhParagraphs = range(pb.z0, pb.z1);
    for (const raw of perParagraph[k]) {
      out.push({
        ...toBead(raw, enSource),
        sourceParagraphs: enSource ? enParagraphs : zhParagraphs,
        targetParagraphs: enSource ? zhParagraphs : enParagraphs,
      });
    }
  });
  return out;
}

export { SHAPES };
