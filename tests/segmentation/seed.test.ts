import { readFileSync } from 'node:fs';
import { segmentDocument, splitParagraphs } from '../../src/segmentation';
import { describeWithShared, SEED_EN as SEED } from '../support/shared';

/** The article body: the lines before the site footer, with the title marked as a Markdown heading. */
function seedMarkdown(): string {
  const raw = readFileSync(SEED, 'utf8');
  const footer = raw.indexOf('Briefing of This Website');
  expect(footer).toBeGreaterThan(0);
  return '# ' + raw.slice(0, footer);
}

describeWithShared('the seed article (jiangmen-achievements.en.txt)', SEED, () => {
  it('has 7 paragraphs as Markdown: the title heading and 6 text paragraphs', () => {
    const { paragraphs, sentences } = segmentDocument(seedMarkdown(), 'markdown', 'en');
    expect(paragraphs).toHaveLength(7);
    expect(paragraphs[0]).toMatchObject({ kind: 'heading', level: 1, text: 'The Achievements of Jiangmen', markup: { element: { tag: 'h1' }, path: [] } });
    expect(paragraphs.slice(1).every((p) => p.kind === 'text' && p.level === null)).toBe(true);
    expect(sentences[0]).toEqual(['The Achievements of Jiangmen']);
    expect(sentences.map((s) => s.length)).toEqual([1, 1, 4, 1, 1, 1, 1]);
  });

  it('splits paragraph 2 into its four sentences', () => {
    const { sentences } = segmentDocument(seedMarkdown(), 'markdown', 'en');
    expect(sentences[2]).toEqual([
      'At the end of March this year, Jiangmen held the first quarter of the first batch of major projects and key projects to promote the construction of the Greater Guangdong, Hong Kong and Macao Bay Area.',
      'Sixty-three projects have been centralized, with a total investment of nearly 30 billion yuan, 43 of which are the Greater Guangdong, Hong Kong and Macao Bay Area projects.',
      'These 43 projects are mainly divided into four categories: modern industrial system, scientific and technological innovation, infrastructure construction and high-quality life circle.',
      'They include the Jiangmen Talent Island project, which will invest 5 billion yuan this year, the second phase of the new materials project of the US Section Chief Executive with a total investment of nearly 4 billion yuan, and the Rongchuan•Yongchun Cultural Tourism Water World Project.',
    ]);
  });

  it('keeps "100 billion yuan" and the quoted words of the last paragraph in one sentence each', () => {
    const { sentences } = segmentDocument(seedMarkdown(), 'markdown', 'en');
    expect(sentences[1]![0]).toMatch(/^Jiangmen has made every effort to focus on major projects and industries, .* industrial clusters worthy of 100 billion yuan, and achieved a qualitative leap in economic development\.$/);
    expect(sentences[6]).toEqual([
      'Jiangmen has made every effort to solve the "blockages", "pain points" and "difficulties", to improve the efficiency of administrative review and approval, to improve the environment of industrial parks and tobuild a credit investment environment, so as to achieve a higher level of business environment.',
    ]);
  });

  it('as plain text, has the same 7 paragraphs with no heading', () => {
    const raw = readFileSync(SEED, 'utf8');
    const paragraphs = splitParagraphs(raw.slice(0, raw.indexOf('Briefing of This Website')), 'text');
    expect(paragraphs).toHaveLength(7);
    expect(paragraphs.every((p) => p.kind === 'text')).toBe(true);
    expect(paragraphs[0]!.text).toBe('The Achievements of Jiangmen');
  });
});
