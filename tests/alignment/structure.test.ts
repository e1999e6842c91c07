/** Structure first: headings, list items, table rows and cells, captions as anchors; sentences inside. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alignDocument, alignStructured, formatBead, type StructuredBlock } from '../../src/alignment';
import { segmentDocument, splitParagraphs, splitSentences, type SegmentedDocument } from '../../src/segmentation';

const ROOT = join(__dirname, '..', '..');
const enZh = { sourceLanguage: 'en', targetLanguage: 'zh' } as const;

function blocks(doc: SegmentedDocument): StructuredBlock[] {
  return doc.paragraphs.map((p, i) => ({
    sentences: doc.plain[i]!,
    role: p.markup?.attribute?.name ?? p.markup?.element?.tag ?? 'text',
    path: p.markup?.path ?? [],
  }));
}

/** Pairs of block texts the beads join (first source block ↔ first target block of each bead). */
function blockPairs(en: SegmentedDocument, zh: SegmentedDocument): string[] {
  const beads = alignStructured(blocks(en), blocks(zh), enZh);
  const pairs = new Set<string>();
  for (const b of beads) {
    if (b.sourceParagraphs.length && b.targetParagraphs.length) {
      pairs.add(`${en.plain[b.sourceParagraphs[0]!]!.join(' ')} = ${zh.plain[b.targetParagraphs[0]!]!.join('')}`);
    }
  }
  return [...pairs];
}

describe('alignStructured', () => {
  it('pairs a header row in a thead with a first row of th cells in the tbody (the same row, whichever way each CMS wrote it)', () => {
    const E = segmentDocument('<table><thead><tr><th>Day</th><th>Hours</th></tr></thead><tbody><tr><td>Friday</td><td>9:00–21:00</td></tr></tbody></table>', 'html', 'en');
    const Z = segmentDocument('<table><tr><th>日期</th><th>开放时间</th></tr><tr><td>周五</td><td>9:00—21:00</td></tr></table>', 'html', 'zh-Hans');
    expect(blockPairs(E, Z)).toEqual(['Day = 日期', 'Hours = 开放时间', 'Friday = 周五', '9:00–21:00 = 9:00—21:00']);
  });

  it('aligns the seed Markdown article exactly as the paragraph aligner did before', () => {
    const en = readFileSync(join(ROOT, 'content/jiangmen-achievements/en.md'), 'utf8');
    const zh = readFileSync(join(ROOT, 'content/jiangmen-achievements/zh-Hans.md'), 'utf8');
    const old = (t: string, l: 'en' | 'zh-Hans') => splitParagraphs(t, 'markdown').map((p) => (p.kind === 'heading' ? [p.text] : splitSentences(p.text, l)));
    const before = alignDocument(old(en, 'en'), old(zh, 'zh-Hans'), enZh).map(formatBead);
    const E = segmentDocument(en, 'markdown', 'en');
    const Z = segmentDocument(zh, 'markdown', 'zh-Hans');
    expect(E.plain).toEqual(old(en, 'en'));
    expect(alignStructured(blocks(E), blocks(Z), enZh).map(formatBead)).toEqual(before);
  });

  it('pairs a table row with a table row and a cell with a cell, even when the Chinese has an extra row', () => {
    const en = segmentDocument(`<table><tr><th>District</th><th>Population</th></tr>
      <tr><td>Pengjiang</td><td>1.2 million</td></tr><tr><td>Xinhui</td><td>0.9 million</td></tr></table>`, 'html', 'en', 'en.html');
    const zh = segmentDocument(`<table><tr><th>区</th><th>人口</th></tr>
      <tr><td>蓬江区</td><td>120万</td></tr><tr><td>江海区</td><td>30万</td></tr><tr><td>新会区</td><td>90万</td></tr></table>`, 'html', 'zh-Hans', 'zh.html');
    const pairs = blockPairs(en, zh);
    expect(pairs).toEqual(expect.arrayContaining(['District = 区', 'Population = 人口', 'Pengjiang = 蓬江区', '1.2 million = 120万', 'Xinhui = 新会区', '0.9 million = 90万']));
    expect(pairs.some((p) => p.includes('江海区') && p.includes('million'))).toBe(false);
  });

  it('keeps headings as anchors when a paragraph is missing in the translation', () => {
    const en = segmentDocument(`<h2>Transport</h2><p>A new bridge opened. It is 700 metres long.</p><p>Buses run every ten minutes.</p>
      <h2>Culture</h2><p>The Kaiping Diaolou attract visitors.</p>`, 'html', 'en', 'en.html');
    const zh = segmentDocument(`<h2>交通</h2><p>一座新桥通车。桥长700米。</p><h2>文化</h2><p>开平碉楼吸引游客。</p>`, 'html', 'zh-Hans', 'zh.html');
    const pairs = blockPairs(en, zh);
    expect(pairs).toEqual(expect.arrayContaining(['Transport = 交通', 'Culture = 文化', 'The Kaiping Diaolou attract visitors. = 开平碉楼吸引游客。']));
    const beads = alignStructured(blocks(en), blocks(zh), enZh).map(formatBead);
    // Buses (source sentence 3) has no translation: a 1-0 bead, not merged into Culture.
    expect(beads).toContain('[3]:[]');
  });

  it('pairs list items one to one and the caption and alt text of a figure with theirs', () => {
    const en = segmentDocument(`<ul><li>First item.</li><li>Second item.</li></ul>
      <figure><img src="a.jpg" alt="A harbour"><figcaption>Jiangmen port in 2023.</figcaption></figure>`, 'html', 'en', 'en.html');
    const zh = segmentDocument(`<ul><li>第一项。</li><li>第二项。</li></ul>
      <figure><img src="a.jpg" alt="一个港口"><figcaption>2023年的江门港。</figcaption></figure>`, 'html', 'zh-Hans', 'zh.html');
    expect(blockPairs(en, zh)).toEqual(['First item. = 第一项。', 'Second item. = 第二项。', 'A harbour = 一个港口', 'Jiangmen port in 2023. = 2023年的江门港。']);
  });

  it('reads Markdown lists, links, emphasis and tables as HTML blocks and codes', () => {
    const doc = segmentDocument('# Title\n\n- one *two*\n- [three](/en/articles/x)\n\n| A | B |\n|---|---|\n| **1** | 2 |\n', 'markdown', 'en', 'x.md');
    expect(doc.paragraphs.map((p) => p.markup?.element?.tag)).toEqual(['h1', 'li', 'li', 'th', 'th', 'td', 'td']);
    expect(doc.sentences.flat()).toEqual(['Title', 'one {bpt:1}two{ept:1}', '{bpt:1}three{ept:1}', 'A', 'B', '{bpt:1}1{ept:1}', '2']);
    expect(doc.paragraphs[2]!.markup!.codes[0]).toMatchObject({ tag: 'a', attributes: [['href', '/en/articles/x']] });
  });
});
