import { splitSentences } from '../../src/segmentation';

const en = (text: string): string[] => splitSentences(text, 'en');

describe('splitSentences (en): ordinary sentences', () => {
  it('splits after . ? and ! and trims', () => {
    expect(en('  The rest are derived from that original.   Why is it so? It is so!  ')).toEqual([
      'The rest are derived from that original.',
      'Why is it so?',
      'It is so!',
    ]);
  });

  it('returns nothing for empty or blank text, and one sentence without a stop', () => {
    expect(en('')).toEqual([]);
    expect(en(' \n\t ')).toEqual([]);
    expect(en('CHAPTER I OF SENSE')).toEqual(['CHAPTER I OF SENSE']);
  });

  it('treats line breaks inside a paragraph as spaces, not boundaries', () => {
    expect(en('Jiangmen held the first quarter\nof the first batch of major projects.\nSixty-three projects\nhave been centralized.')).toEqual([
      'Jiangmen held the first quarter\nof the first batch of major projects.',
      'Sixty-three projects\nhave been centralized.',
    ]);
  });
});

describe('splitSentences (en): abbreviations', () => {
  it('does not end a sentence at titles before names', () => {
    expect(en('Mr. and Mrs. Smith visited Dr. Jones. Prof. Li met Ms. Wang at St. Mary’s Hospital. They talked.')).toEqual([
      'Mr. and Mrs. Smith visited Dr. Jones.',
      'Prof. Li met Ms. Wang at St. Mary’s Hospital.',
      'They talked.',
    ]);
  });

  it('keeps U.S., U.K., vs. and company abbreviations inside a sentence', () => {
    expect(en('The U.S. Army and the U.K. Navy met in the U.S. vs. China final. Acme Co. Ltd. signed with Beta Inc. Chairman Li.')).toEqual([
      'The U.S. Army and the U.K. Navy met in the U.S. vs. China final.',
      'Acme Co. Ltd. signed with Beta Inc. Chairman Li.',
    ]);
  });

  it('still ends a sentence at an abbreviation when a new sentence clearly starts', () => {
    expect(en('He moved to the U.S. The move was hard. They founded Acme Inc. It grew fast. Pack pens, paper, etc. Then leave.')).toEqual([
      'He moved to the U.S.',
      'The move was hard.',
      'They founded Acme Inc.',
      'It grew fast.',
      'Pack pens, paper, etc.',
      'Then leave.',
    ]);
  });

  it('keeps e.g., i.e. and etc. followed by lowercase inside a sentence', () => {
    expect(en('Prices vary, e.g. by season, i.e. by supply. Apples, pears, etc. are sold here. Fine.')).toEqual([
      'Prices vary, e.g. by season, i.e. by supply.',
      'Apples, pears, etc. are sold here.',
      'Fine.',
    ]);
    expect(en('Some cities, e.g. Jiangmen, grew quickly.')).toEqual(['Some cities, e.g. Jiangmen, grew quickly.']);
  });

  it('does not split "No. 5", "Fig. 3" or dates like "Jan. 5"', () => {
    expect(en('See No. 5 on page 3. The results are in Fig. 3 and Table 2. The plan started on Jan. 5 and ended Feb. 28. Good.')).toEqual([
      'See No. 5 on page 3.',
      'The results are in Fig. 3 and Table 2.',
      'The plan started on Jan. 5 and ended Feb. 28.',
      'Good.',
    ]);
  });

  it('keeps initials with the name', () => {
    expect(en('J. K. Rowling wrote the books. In the words of the legal positivist H. L. A. Hart: law is a system of rules. Ask George M. Theal.')).toEqual([
      'J. K. Rowling wrote the books.',
      'In the words of the legal positivist H. L. A. Hart: law is a system of rules.',
      'Ask George M. Theal.',
    ]);
  });

  it('does not split et al. before a year, nor Roe v. Wade', () => {
    expect(en('As Curtin et al. (1978) show, the depot was misused. The case Roe v. Wade changed the law.')).toEqual([
      'As Curtin et al. (1978) show, the depot was misused.',
      'The case Roe v. Wade changed the law.',
    ]);
  });
});

describe('splitSentences (en): numbers, ellipses, quotes', () => {
  it('does not split decimals and amounts', () => {
    expect(en('Revenue rose 3.5% to $4.5m in 2019. The city invested 5.1 billion yuan in 30,000 homes. Version 2.0.1 shipped.')).toEqual([
      'Revenue rose 3.5% to $4.5m in 2019.',
      'The city invested 5.1 billion yuan in 30,000 homes.',
      'Version 2.0.1 shipped.',
    ]);
  });

  it('keeps ellipses together and ends a sentence after them only before a new sentence', () => {
    expect(en('He paused... then went on. I waited... Nothing happened. Wait… What was that? And so… on it went.')).toEqual([
      'He paused... then went on.',
      'I waited...',
      'Nothing happened.',
      'Wait…',
      'What was that?',
      'And so… on it went.',
    ]);
  });

  it('keeps closing quotes and brackets with the sentence they end', () => {
    expect(en('"He left." She stayed.')).toEqual(['"He left."', 'She stayed.']);
    expect(en('“He left.” She stayed. (See the report.) It is long. [Really?] Yes.')).toEqual([
      '“He left.”',
      'She stayed.',
      '(See the report.)',
      'It is long.',
      '[Really?]',
      'Yes.',
    ]);
  });

  it('keeps ?! and !? together, and a quoted question with its speech tag', () => {
    expect(en('Really?! Yes!? No.')).toEqual(['Really?!', 'Yes!?', 'No.']);
    expect(en('"What?!" she asked. "Why not!?" He laughed.')).toEqual(['"What?!" she asked.', '"Why not!?"', 'He laughed.']);
  });

  it('does not split a stop glued to the next word, nor numbered labels', () => {
    expect(en('Visit example.com or Node.JS today. 2. The transfer function is a property of a system. Figure 1.1. Radar bands.')).toEqual([
      'Visit example.com or Node.JS today.',
      '2. The transfer function is a property of a system.',
      'Figure 1.1. Radar bands.',
    ]);
  });

  it('splits a long single paragraph the same way as its parts (chunked ICU)', () => {
    const sentences = Array.from({ length: 400 }, (_, i) => `Dr. Smith wrote report no. ${i} in the U.S. and it was fine, as expected by all of us here.`);
    const text = sentences.join(' ');
    expect(text.length).toBeGreaterThan(4096 * 4);
    expect(en(text)).toEqual(sentences);
  });

  it('splits a long paragraph right where no cut is provably safe (capitalised words only)', () => {
    const sentences = Array.from({ length: 3000 }, (_, i) => (i % 2 ? 'Mr. Smith Left Home.' : `Dr. Jones Came At ${i}.`));
    expect(en(sentences.join(' '))).toEqual(sentences);
  });
});
