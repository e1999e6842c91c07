/** The review editor's inline-code keys, as pure text operations (the browser module's logic). */
import { chipLabel, codeTokens, moveCode, nextMissingCode } from '../../src/server/workbench/browser/inline-chips';

describe('inline-code chips and keys', () => {
  it('labels paired and standalone codes compactly', () => {
    expect(codeTokens('a {bpt:1}b{ept:1} {ph:2}').map(chipLabel)).toEqual(['⟨1', '1⟩', '⟨2⟩']);
  });

  it('offers the source codes the target still lacks, in order', () => {
    const source = 'Read {bpt:1}the report{ept:1}.{ph:2}';
    expect(nextMissingCode(source, '阅读报告。')).toBe('{bpt:1}');
    expect(nextMissingCode(source, '阅读{bpt:1}报告。')).toBe('{ept:1}');
    expect(nextMissingCode(source, '阅读{bpt:1}报告{ept:1}。{ph:2}')).toBeNull();
  });

  it('moves the code at the cursor one character over the text', () => {
    expect(moveCode('阅读{bpt:1}报告', 9, 1)).toEqual({ text: '阅读报{bpt:1}告', cursor: 10 });
    expect(moveCode('阅读{bpt:1}报告', 9, -1)).toEqual({ text: '阅{bpt:1}读报告', cursor: 8 });
    expect(moveCode('阅读报告', 2, 1)).toBeNull();
  });
});
