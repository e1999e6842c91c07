import { joinLines, splitParagraphs } from '../../src/segmentation';

describe('splitParagraphs: plain text', () => {
  it('splits on blank lines, trims, and drops empty paragraphs', () => {
    const text = '\n\n  First paragraph, line one\nline two.  \n\n\n   \n\t\nSecond paragraph.\n\n';
    expect(splitParagraphs(text, 'text')).toEqual([
      { kind: 'text', level: null, text: 'First paragraph, line one line two.' },
      { kind: 'text', level: null, text: 'Second paragraph.' },
    ]);
  });

  it('normalises CRLF and CR line ends and strips a BOM', () => {
    const crlf = '\uFEFFTitle line\r\n\r\nBody one\r\nbody two.\r\n';
    const cr = 'Title line\r\rBody one\rbody two.\r';
    const expected = [
      { kind: 'text', level: null, text: 'Title line' },
      { kind: 'text', level: null, text: 'Body one body two.' },
    ];
    expect(splitParagraphs(crlf, 'text')).toEqual(expected);
    expect(splitParagraphs(cr, 'text')).toEqual(expected);
  });

  it('does not make a short first line a heading: only Markdown marks headings', () => {
    const blocks = splitParagraphs('The Achievements of Jiangmen\n\nJiangmen has made every effort.', 'text');
    expect(blocks.map((b) => b.kind)).toEqual(['text', 'text']);
    expect(splitParagraphs('# Not a heading here\nstill text', 'text')).toEqual([
      { kind: 'text', level: null, text: '# Not a heading here still text' },
    ]);
  });

  it('returns nothing for an empty or blank document', () => {
    expect(splitParagraphs('', 'text')).toEqual([]);
    expect(splitParagraphs(' \n\t\r\n ', 'markdown')).toEqual([]);
  });
});

describe('splitParagraphs: Markdown', () => {
  it('makes ATX headings paragraphs of their own, even without blank lines around them', () => {
    const md = '# The Achievements of Jiangmen\nJiangmen has made every effort\nto focus on major projects.\n## Ports\nA deep-water port.\n### Level three ###\n';
    expect(splitParagraphs(md, 'markdown')).toEqual([
      { kind: 'heading', level: 1, text: 'The Achievements of Jiangmen' },
      { kind: 'text', level: null, text: 'Jiangmen has made every effort to focus on major projects.' },
      { kind: 'heading', level: 2, text: 'Ports' },
      { kind: 'text', level: null, text: 'A deep-water port.' },
      { kind: 'heading', level: 3, text: 'Level three' },
    ]);
  });

  it('reads levels 1 to 6 and nothing beyond', () => {
    const md = ['# a', '## b', '### c', '#### d', '##### e', '###### f', '####### g'].join('\n');
    const blocks = splitParagraphs(md, 'markdown');
    expect(blocks.filter((b) => b.kind === 'heading').map((b) => [b.level, b.text])).toEqual([
      [1, 'a'], [2, 'b'], [3, 'c'], [4, 'd'], [5, 'e'], [6, 'f'],
    ]);
    expect(blocks[6]).toEqual({ kind: 'text', level: null, text: '####### g' });
  });

  it('needs a space after the #s (#hashtag is text) and drops empty headings', () => {
    expect(splitParagraphs('#hashtag and more\n\n#\n\n##   \n\nBody.', 'markdown')).toEqual([
      { kind: 'text', level: null, text: '#hashtag and more' },
      { kind: 'text', level: null, text: 'Body.' },
    ]);
  });

  it('reads setext headings and drops thematic breaks', () => {
    const md = 'Main title\n==========\nIntro text.\n\nSection\n-------\nMore text.\n\n---\n\nLast.';
    expect(splitParagraphs(md, 'markdown')).toEqual([
      { kind: 'heading', level: 1, text: 'Main title' },
      { kind: 'text', level: null, text: 'Intro text.' },
      { kind: 'heading', level: 2, text: 'Section' },
      { kind: 'text', level: null, text: 'More text.' },
      { kind: 'text', level: null, text: 'Last.' },
    ]);
  });

  it('reads Chinese headings and joins wrapped Chinese lines without spaces', () => {
    const md = '# 江门成就\n江门全力聚焦大项目、\n大产业，深度参与国际科技创新中心建设。\n\n## 港口\n建设大型深水港。';
    expect(splitParagraphs(md, 'markdown')).toEqual([
      { kind: 'heading', level: 1, text: '江门成就' },
      { kind: 'text', level: null, text: '江门全力聚焦大项目、大产业，深度参与国际科技创新中心建设。' },
      { kind: 'heading', level: 2, text: '港口' },
      { kind: 'text', level: null, text: '建设大型深水港。' },
    ]);
  });
});

describe('joinLines', () => {
  it('joins English lines with one space', () => {
    expect(joinLines(['  Sixty-three projects have been', 'centralized, with a total  ', 'investment.'])).toBe(
      'Sixty-three projects have been centralized, with a total investment.',
    );
  });

  it('joins a break between two Han characters with nothing', () => {
    expect(joinLines(['那天晚上我没', '走掉。'])).toBe('那天晚上我没走掉。');
    expect(joinLines(['她承认打我不对，', '也承认没有好好待我。'])).toBe('她承认打我不对，也承认没有好好待我。');
    expect(joinLines(['于是她用和解的口气说：', '“不管怎么说，你承不承认？”'])).toBe('于是她用和解的口气说：“不管怎么说，你承不承认？”');
    // A supplementary-plane Han character (Extension B) on the left.
    expect(joinLines(['𠀋', '字'])).toBe('𠀋字');
  });

  it('keeps a space between Han and Latin text or digits', () => {
    expect(joinLines(['我们使用', 'Node.js 开发。'])).toBe('我们使用 Node.js 开发。');
    expect(joinLines(['version', '二'])).toBe('version 二');
    expect(joinLines(['”', '“'])).toBe('” “');
  });
});
