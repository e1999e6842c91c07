/** One alignment step: which source sentences correspond to which target sentences. */
export interface Bead {
  /** Source sentence indices (0-based, contiguous, ascending; empty for a 0-1 bead). */
  source: number[];
  /** Target sentence indices (0-based, contiguous, ascending; empty for a 1-0 bead). */
  target: number[];
  /** Estimated probability (0..1) that the bead is exactly right. */
  score: number;
  /** The bead belongs to the kind that is often wrong: a reviewer should look at it. */
  lowConfidence: boolean;
}

export type AlignLanguage = 'en' | 'zh';

export interface AlignOptions {
  sourceLanguage: AlignLanguage;
  targetLanguage: AlignLanguage;
  /** Termbase pairs: when both appear in a candidate bead, that is strong evidence. */
  termPairs?: Array<[english: string, chinese: string]>;
  /**
   * What a Latin letter or digit of a Chinese sentence counts in its length (default 1, as any
   * character). Web pages keep e-mails, phone numbers and addresses in Latin letters in the
   * Chinese; counted a third (a Chinese character's worth of English), such a line is not taken
   * for three times too long. The structure aligner sets it; plain texts (the dev sets) do not.
   */
  latinInChinese?: number;
}

/**
 * A sentence bead of a whole document. `source`/`target` are GLOBAL sentence indices: positions in
 * the concatenation of all paragraphs of that side, in document order. `sourceParagraphs` /
 * `targetParagraphs` are the paragraph indices of the paragraph bead the sentence bead lies in
 * (all sentence beads of one paragraph bead carry the same lists).
 */
export type DocumentBead = Bead & { sourceParagraphs: number[]; targetParagraphs: number[] };
