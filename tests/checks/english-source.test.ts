/**
 * Checks on the English source (warnings for the editor): spelling with dictionary-en and the
 * termbase's words, words run together, a space before punctuation. The seed article's own
 * errors are the test cases; the shared copy of the seed must be there under CI.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTbx } from '../../src/formats';
import type { Concept } from '../../src/termbase';
import { createCheckContext, runChecks, type CheckContext, type Finding } from '../../src/checks';
import { concept, term } from './helpers';
import { SEED_EN, sharedPresent } from '../support/shared';

const ROOT = join(__dirname, '..', '..');
const SEED_CONTENT = join(ROOT, 'content', 'jiangmen-achievements', 'en.md');
const SOURCE_CHECKS = new Set(['spelling', 'words-run-together', 'space-before-punctuation']);

async function siteContext(): Promise<CheckContext> {
  const concepts: Concept[] = [];
  for await (const c of readTbx(createReadStream(join(ROOT, 'glossary', 'site.tbx')), { fileName: 'glossary/site.tbx' })) {
    concepts.push({ ...c, id: c.id ?? `c${concepts.length + 1}`, version: 1, updatedBy: 'seed', updatedAt: '2024-01-01T00:00:00Z' });
  }
  return createCheckContext(concepts);
}

function sourceFindings(text: string, context: CheckContext): Finding[] {
  return runChecks({ sourceLocale: 'en', sourceText: text, targetLocale: 'zh-Hans', targetText: '' }, context)
    .filter((f) => SOURCE_CHECKS.has(f.checkId));
}

const spans = (text: string, findings: Finding[]) => findings.map((f) => [f.checkId, text.slice(f.span!.start, f.span!.end)]);

describe('the seed article\'s English', () => {
  let context: CheckContext;
  beforeAll(async () => { context = await siteContext(); });

  const copies: Array<[string, string]> = [['content/', SEED_CONTENT]];
  if (sharedPresent(SEED_EN, 'the shared seed\'s source warnings')) copies.push(['../shared/seed', SEED_EN]);
  it.each(copies)('%s: its typos are source warnings, its names are not', (_name, path) => {
    const text = readFileSync(path, 'utf8');
    const findings = sourceFindings(text, context);
    expect(findings.every((f) => f.severity === 'warning' && f.span?.side === 'source')).toBe(true);
    const found = spans(text, findings);
    expect(found).toEqual(expect.arrayContaining([
      ['words-run-together', 'oceantransportation'],
      ['words-run-together', 'fulfillthe'],
      ['words-run-together', 'tobuild'],
      ['space-before-punctuation', ' '],
    ]));
    expect(text.slice(findings.find((f) => f.checkId === 'space-before-punctuation')!.span!.start - 'cooperation'.length, findings.find((f) => f.checkId === 'space-before-punctuation')!.span!.end + 1)).toBe('cooperation ,');
    expect(findings.find((f) => f.checkId === 'words-run-together' && f.message.includes('fulfillthe'))!.message).toContain('“fulfill the”');
    // Names of the termbase (Jiangmen, Rongchuan, Yongchun, Guanghai, Jiang Zhu) are words too.
    const misspelt = found.filter(([id]) => id === 'spelling').map(([, word]) => word);
    for (const name of ['Jiangmen', 'Rongchuan', 'Yongchun', 'Guanghai', 'Jiang', 'Zhu', 'Macao', 'yuan']) expect(misspelt).not.toContain(name);
  });
});

describe('spelling', () => {
  const context = createCheckContext([concept('kp', [term('en', 'Kaiping Diaolou'), term('en', 'Kaipingg', 'forbidden')])]);
  const words = (text: string) => spans(text, sourceFindings(text, context));

  it('flags words neither the dictionary nor the termbase knows', () => {
    expect(words('The towres of Kaiping Diaolou are old.')).toEqual([['spelling', 'towres']]);
  });

  it('leaves acronyms, numbers with letters, URLs, e-mail, inline codes, possessives and British spellings alone', () => {
    expect(words('The GDP of Kaiping Diaolou\'s 5G centre rose; see https://example.org/xqzt or mail a@xqzt.org {ph:1}.')).toEqual([]);
    expect(words('The organisation\'s colour programme is analysed.')).toEqual([]);
  });

  it('leaves a forbidden term to term-forbidden', () => {
    expect(words('Kaipingg towers.')).toEqual([]);
  });

  it('reads nothing but English sources', () => {
    expect(runChecks({ sourceLocale: 'zh-Hans', sourceText: '江门 towres', targetLocale: 'en', targetText: 'Jiangmen' }, context)
      .filter((f) => SOURCE_CHECKS.has(f.checkId))).toEqual([]);
  });
});

describe('words run together and spaces before punctuation', () => {
  const context = createCheckContext([]);
  const found = (text: string) => spans(text, sourceFindings(text, context));

  it('splits two known words written as one, the most even split first', () => {
    const text = 'We want tobuild a port for oceantransportation.';
    const findings = sourceFindings(text, context);
    expect(spans(text, findings)).toEqual([['words-run-together', 'tobuild'], ['words-run-together', 'oceantransportation']]);
    expect(findings[1]!.message).toContain('“ocean transportation”');
    // A word the dictionary lacks is not split into a stray suffix ("speed ed").
    expect(found('Work speeded up.').map(([id]) => id)).not.toContain('words-run-together');
  });

  it('flags a space before , ; : ! ? ) and a sentence-final full stop, not before ".5" or an ellipsis', () => {
    expect(found('Trade , travel ; and (ports ) grew . Really ?')).toEqual([
      ['space-before-punctuation', ' '], ['space-before-punctuation', ' '], ['space-before-punctuation', ' '],
      ['space-before-punctuation', ' '], ['space-before-punctuation', ' '],
    ]);
    expect(found('It grew by .5 per cent and then ...')).toEqual([]);
    expect(found('Fine, thanks.')).toEqual([]);
  });

  it('runs in linear time on hostile input', () => {
    const text = `${' '.repeat(20_000)}x${'ab'.repeat(5_000)}`;
    expect(() => sourceFindings(text, context)).not.toThrow();
  });
});
