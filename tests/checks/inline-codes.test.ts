/** The placeholders check on HTML articles' inline codes: lost, added, broken nesting, empty links. */
import { placeholders } from '../../src/checks/placeholders';
import type { InlineCode } from '../../src/document';
import { enZh } from './helpers';

const SOURCE = 'Read {bpt:1}the {bpt:2}full{ept:2} report{ept:1} here.{ph:3}';
const CODES: InlineCode[] = [
  { id: '1', kind: 'bpt', native: '<a href="/en/articles/report">' }, { id: '1', kind: 'ept', native: '</a>' },
  { id: '2', kind: 'bpt', native: '<strong>' }, { id: '2', kind: 'ept', native: '</strong>' },
  { id: '3', kind: 'ph', native: '<br>' },
];
const run = (target: string) => placeholders.run({ ...enZh(SOURCE, target), inlineCodes: CODES }, { concepts: [] }).map((f) => f.message);

describe('placeholders on inline codes', () => {
  it('passes a target with every code, well nested', () => {
    expect(run('阅读{bpt:1}{bpt:2}完整{ept:2}报告{ept:1}。{ph:3}')).toEqual([]);
  });

  it('finds a lost and an added code', () => {
    expect(run('阅读{bpt:1}完整报告{ept:1}。{ph:3}')).toEqual(['{bpt:2} is missing from the target.', '{ept:2} is missing from the target.']);
    expect(run('阅读{bpt:1}{bpt:2}完整{ept:2}报告{ept:1}。{ph:3}{ph:4}')).toEqual(['{ph:4} is in the target but not in the source.']);
  });

  it('finds codes that overlap or close before they open', () => {
    expect(run('阅读{bpt:1}{bpt:2}完整报告{ept:1}{ept:2}。{ph:3}')).toEqual([
      '{ept:1} closes while {bpt:2}, opened inside it, is still open: the codes overlap instead of nesting.',
    ]);
    expect(run('阅读{ept:1}{bpt:2}完整{ept:2}报告{bpt:1}。{ph:3}')).toEqual([
      '{ept:1} closes a code before it is opened: keep the code\'s text between its opening and closing token.',
    ]);
  });

  it('finds a link with no text', () => {
    const findings = placeholders.run({ ...enZh(SOURCE, '阅读{bpt:1}{bpt:2} {ept:2}{ept:1}完整报告。{ph:3}'), inlineCodes: CODES }, { concepts: [] });
    expect(findings.map((f) => f.message)).toEqual(['The link {bpt:1}…{ept:1} has no text: put the words of the link between its two tokens.']);
    expect(findings[0]!).toMatchObject({ severity: 'error', span: { side: 'target', start: 2, end: 31 } });
  });
});
