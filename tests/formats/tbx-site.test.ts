import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTbx } from '../../src/formats';
import { buildTermRecognizer, type Concept } from '../../src/termbase';
import { createCheckContext, runChecks } from '../../src/checks';
import { isSimplifiedOnly, isTraditionalOnly } from '../../src/locale';
import { onCi, SEED_EN } from '../support/shared';

const ROOT = join(__dirname, '..', '..');
const SEED_CONTENT = join(ROOT, 'content', 'jiangmen-achievements', 'en.md');
const ZH_CONTENT = join(ROOT, 'content', 'jiangmen-achievements', 'zh-Hans.md');

async function loadSite(): Promise<Concept[]> {
  const concepts: Concept[] = [];
  for await (const c of readTbx(createReadStream(join(ROOT, 'glossary', 'site.tbx')), { fileName: 'glossary/site.tbx' })) {
    concepts.push({ ...c, id: c.id ?? `c${concepts.length + 1}`, version: 1, updatedBy: 'seed', updatedAt: '2024-01-01T00:00:00Z' });
  }
  return concepts;
}

/** The article's English body: the shared seed text, or (on a dev machine only) the copy in content/. */
function englishBody(): string {
  if (existsSync(SEED_EN)) return readFileSync(SEED_EN, 'utf8');
  if (onCi()) throw new Error(`${SEED_EN} is missing: CI checks the termbase against the seed as published`);
  return readFileSync(SEED_CONTENT, 'utf8');
}

describe('glossary/site.tbx', () => {
  let concepts: Concept[];
  beforeAll(async () => {
    concepts = await loadSite();
  });

  test('loads, with unique ids and a term in every locale for every concept', () => {
    expect(concepts.length).toBeGreaterThanOrEqual(15);
    expect(new Set(concepts.map((c) => c.id)).size).toBe(concepts.length);
    for (const c of concepts) {
      for (const locale of ['en', 'zh-Hans', 'zh-Hant'] as const) {
        expect({ id: c.id, locale, ok: c.terms.some((t) => t.locale === locale && t.status === 'preferred') }).toEqual({ id: c.id, locale, ok: true });
      }
    }
  });

  test('the Greater Bay Area concept as the style guide has it', () => {
    const gba = concepts.find((c) => c.terms.some((t) => t.text === '粤港澳大湾区'))!;
    const terms = gba.terms.map((t) => `${t.locale}|${t.status}|${t.text}`);
    expect(terms).toEqual(
      expect.arrayContaining([
        'en|preferred|Guangdong-Hong Kong-Macao Greater Bay Area',
        'en|admitted|Greater Bay Area',
        'en|forbidden|Greater Guangdong, Hong Kong and Macao Bay Area',
        'en|forbidden|Guangdong-Hongkong-Macao Greater Bay Area',
        'zh-Hans|preferred|粤港澳大湾区',
        'zh-Hans|admitted|大湾区',
        'zh-Hant|preferred|粵港澳大灣區',
        'zh-Hant|admitted|大灣區',
      ]),
    );
  });

  test('Chinese terms are written in their own script', () => {
    for (const t of concepts.flatMap((c) => c.terms)) {
      if (t.locale === 'zh-Hans') expect({ t: t.text, wrong: Array.from(t.text).filter(isTraditionalOnly) }).toEqual({ t: t.text, wrong: [] });
      if (t.locale === 'zh-Hant') expect({ t: t.text, wrong: Array.from(t.text).filter(isSimplifiedOnly) }).toEqual({ t: t.text, wrong: [] });
    }
  });

  test('the seed article’s English body shows exactly its two forbidden Greater Bay Area variants', () => {
    const body = englishBody();
    const forbidden = buildTermRecognizer(concepts)
      .recognize(body, 'en')
      .filter((h) => h.term.status === 'forbidden');
    // Longest match wins: "Hongkong" inside the second variant is part of that one finding, not another.
    expect(forbidden.map((h) => h.text)).toEqual([
      'Greater Guangdong, Hong Kong and Macao Bay Area',
      'Greater Guangdong, Hong Kong and Macao Bay Area',
      'Guangdong-Hongkong-Macao Greater Bay Area',
    ]);
    expect(new Set(forbidden.map((h) => h.conceptId)).size).toBe(1);
    for (const h of forbidden) expect(body.slice(h.start, h.end)).toBe(h.text);
  });

  test('the team’s zh-Hans translation passes every check but the forbidden terms of the English source', () => {
    const split = (text: string) => text.split(/\n\s*\n/).map((p) => p.replace(/^#+\s*/, '').trim()).filter(Boolean);
    const en = split(readFileSync(SEED_CONTENT, 'utf8'));
    const zh = split(readFileSync(ZH_CONTENT, 'utf8'));
    expect(zh).toHaveLength(en.length);
    const context = createCheckContext(concepts);
    const errors = en.flatMap((p, i) =>
      runChecks({ sourceLocale: 'en', sourceText: p, targetLocale: 'zh-Hans', targetText: zh[i] }, context).filter((f) => f.severity === 'error'),
    );
    expect(errors.map((f) => `${f.checkId} ${f.span?.side}`)).toEqual(['term-forbidden source', 'term-forbidden source', 'term-forbidden source']);
  });
});
