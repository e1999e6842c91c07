import { findMentions } from '../../src/collaboration';

const NAMES = ['anna', 'anna.li', 'bo', 'li@office', 'reviewer-1'];

describe('findMentions', () => {
  it('finds the users a text names with @, each once, in order', () => {
    expect(findMentions('@bo and @anna, then @bo again', NAMES)).toEqual(['bo', 'anna']);
    expect(findMentions('(@reviewer-1) please', NAMES)).toEqual(['reviewer-1']);
    expect(findMentions('@anna.', NAMES)).toEqual(['anna']);
    expect(findMentions('@anna.li: 你好', NAMES)).toEqual(['anna.li']);
    expect(findMentions('请@li@office看看', NAMES)).toEqual(['li@office']);
    expect(findMentions('ask @annabel or @nobody', NAMES)).toEqual([]);
  });

  it('ignores an @ inside a word (an e-mail address) and names that do not exist', () => {
    expect(findMentions('mail bo@anna.example', NAMES)).toEqual([]);
    expect(findMentions('@', NAMES)).toEqual([]);
    expect(findMentions('@@bo', NAMES)).toEqual([]);
  });

  it('reads a long hostile text in one pass', () => {
    const text = '@'.repeat(50_000) + 'a'.repeat(50_000) + ' @bo';
    expect(findMentions(text, NAMES)).toEqual(['bo']);
    expect(findMentions('@a'.repeat(50_000), NAMES)).toEqual([]);
  });
});
