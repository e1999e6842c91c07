/**
 * Archives of English and Chinese documents built at run time from the hand-aligned dev sets
 * (../shared/corpora, read in place and never copied into the repository), with meaningless file
 * names, for the align-archive test and the pairing benchmark. A document is a run of gold beads:
 * its English side and its Chinese side are then true translations of each other.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { detectLanguage, readCorpus, seededRandom } from '../../src/alignment/evaluate';
import { CORPORA } from './corpora';

export { CORPORA };


export function corporaPresent(): boolean {
  return existsSync(join(CORPORA, 'mac-dev', 'src')) && existsSync(join(CORPORA, 'aca-dev', 'src'));
}

/** One gold bead as English and Chinese sentences. */
export interface BeadText {
  en: string[];
  zh: string[];
}

export interface DevText {
  id: string;
  kind: 'literary' | 'academic';
  beads: BeadText[];
}

/** The dev sets' documents as bead lists, English and Chinese sides named whatever the corpus's order. */
export function devTexts(): DevText[] {
  const out: DevText[] = [];
  for (const [set, kind] of [['mac-dev', 'literary'], ['aca-dev', 'academic']] as const) {
    for (const doc of readCorpus(join(CORPORA, set))) {
      const zhFirst = detectLanguage(doc.source) === 'zh';
      out.push({
        id: `${set}/${doc.id}`,
        kind,
        beads: doc.gold.map((b) => {
          const src = b.source.map((i) => doc.source[i]);
          const tgt = b.target.map((i) => doc.target[i]);
          return zhFirst ? { zh: src, en: tgt } : { en: src, zh: tgt };
        }),
      });
    }
  }
  return out;
}

/** Consecutive parts of a bead list, about equal in size. */
export function splitBeads(beads: BeadText[], parts: number): BeadText[][] {
  const out: BeadText[][] = [];
  for (let k = 0; k < parts; k++) out.push(beads.slice(Math.floor((k * beads.length) / parts), Math.floor(((k + 1) * beads.length) / parts)));
  return out;
}

export type FileKind = 'txt' | 'md' | 'html';

/** A side of a bead run as a document file: paragraphs of a few beads, as text, Markdown or HTML. */
export function render(beads: BeadText[], side: 'en' | 'zh', kind: FileKind, random: () => number): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  const join = (s: string[]): string => s.join(side === 'zh' ? '' : ' ');
  for (const b of beads) {
    current.push(...b[side]);
    if (current.length > 0 && random() < 0.25) {
      paragraphs.push(join(current));
      current = [];
    }
  }
  if (current.length > 0) paragraphs.push(join(current));
  if (kind === 'html') {
    const body = paragraphs.map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n');
    return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${side === 'zh' ? '文档' : 'Document'}</title>` +
      `<style>p { margin: 0 }</style><script>var x = 1;</script></head>\n<body>\n${body}\n</body></html>\n`;
  }
  if (kind === 'md') return paragraphs.map((p) => p.replace(/^([#>*+-])/, '\\$1')).join('\n\n') + '\n';
  return paragraphs.join('\n\n') + '\n';
}

/** A meaningless file name: eight hex digits, an extension, sometimes a sub-folder. */
export function meaninglessName(random: () => number, kind: FileKind): string {
  const hex = (): string => Math.floor(random() * 0xffffffff).toString(16).padStart(8, '0');
  return `${random() < 0.3 ? `${hex().slice(0, 3)}/` : ''}${hex()}.${kind}`;
}

export { seededRandom };

export interface BuiltArchive {
  /** Relative file name → text, per folder. */
  en: Map<string, string>;
  zh: Map<string, string>;
  /** True pairs as [English name, Chinese name]. */
  pairs: Array<[string, string]>;
  /** Documents with no counterpart. */
  loneEn: string[];
  loneZh: string[];
  sentences: number;
}

/**
 * The done-when archive: 27 bead runs (each mac-dev chapter in three parts, aca-dev in nine);
 * 23 become true pairs, two literary ones keep only their Chinese side, two only their English.
 */
export function buildSmallArchive(seed = 2024): BuiltArchive {
  const random = seededRandom(seed);
  const runs: Array<{ kind: DevText['kind']; beads: BeadText[] }> = [];
  for (const t of devTexts()) for (const part of splitBeads(t.beads, t.kind === 'literary' ? 3 : 9)) runs.push({ kind: t.kind, beads: part });
  const literary = runs.map((r, i) => (r.kind === 'literary' ? i : -1)).filter((i) => i >= 0);
  // Two literary runs without English, two without Chinese, chosen by the seed.
  const shuffled = literary.slice().sort(() => random() - 0.5);
  const noEnglish = new Set(shuffled.slice(0, 2));
  const noChinese = new Set(shuffled.slice(2, 4));
  const out: BuiltArchive = { en: new Map(), zh: new Map(), pairs: [], loneEn: [], loneZh: [], sentences: 0 };
  const kinds: FileKind[] = ['txt', 'md', 'html'];
  const fresh = (map: Map<string, string>, kind: FileKind): string => {
    let name = meaninglessName(random, kind);
    while (map.has(name)) name = meaninglessName(random, kind);
    return name;
  };
  runs.forEach((run, i) => {
    let enName: string | null = null;
    let zhName: string | null = null;
    if (!noEnglish.has(i)) {
      const kind = kinds[Math.floor(random() * 3)];
      enName = fresh(out.en, kind);
      out.en.set(enName, render(run.beads, 'en', kind, random));
    }
    if (!noChinese.has(i)) {
      const kind = kinds[Math.floor(random() * 3)];
      zhName = fresh(out.zh, kind);
      out.zh.set(zhName, render(run.beads, 'zh', kind, random));
    }
    if (enName && zhName) {
      out.pairs.push([enName, zhName]);
      for (const b of run.beads) out.sentences += b.en.length + b.zh.length;
    } else if (enName) out.loneEn.push(enName);
    else if (zhName) out.loneZh.push(zhName);
  });
  return out;
}
