import { buildTermbaseGlossary, createMachineTranslationFromEnv, DeepLProvider, planBatches } from '../../src/translation';
import { concept } from './helpers';

describe('buildTermbaseGlossary', () => {
  const gba = concept(
    'c1',
    ['en', 'Greater Bay Area'],
    ['en', 'GBA', 'admitted'],
    ['en', 'Pearl River Delta Bay Area', 'forbidden'],
    ['zh-Hans', '大湾区', 'admitted'],
    ['zh-Hans', '珠三角湾区', 'forbidden'],
    ['zh-Hans', '粤港澳大湾区'],
    ['zh-Hant', '粵港澳大灣區'],
  );

  it('maps preferred and admitted English terms to the first preferred Simplified term', () => {
    const { entries, skipped } = buildTermbaseGlossary([gba]);
    expect(entries.map((e) => [e.source, e.target])).toEqual([
      ['GBA', '粤港澳大湾区'],
      ['Greater Bay Area', '粤港澳大湾区'],
    ]);
    expect(skipped).toEqual([]);
  });

  it('never uses a forbidden term, as source or as target', () => {
    const onlyForbiddenTarget = concept('c2', ['en', 'sea wall'], ['zh-Hans', '海墙', 'forbidden']);
    const { entries, skipped } = buildTermbaseGlossary([gba, onlyForbiddenTarget]);
    const all = entries.flatMap((e) => [e.source, e.target]);
    expect(all).not.toContain('Pearl River Delta Bay Area');
    expect(all).not.toContain('珠三角湾区');
    expect(all).not.toContain('海墙');
    expect(skipped).toEqual([{ conceptId: 'c2', text: 'sea wall', reason: 'no-target' }]);
  });

  it('falls back to an admitted Simplified term when there is no preferred one', () => {
    const c = concept('c3', ['en', 'Macao'], ['zh-Hans', '澳门', 'admitted'], ['zh-Hans', '澳門', 'forbidden']);
    expect(buildTermbaseGlossary([c]).entries).toEqual([{ source: 'Macao', target: '澳门', conceptId: 'c3' }]);
  });

  it('keeps one entry per source, regardless of case, and reports the other concept', () => {
    const a = concept('a', ['en', 'bank'], ['zh-Hans', '银行']);
    const b = concept('b', ['en', 'Bank'], ['zh-Hans', '河岸']);
    const { entries, skipped } = buildTermbaseGlossary([b, a]);
    expect(entries).toEqual([{ source: 'bank', target: '银行', conceptId: 'a' }]);
    expect(skipped).toEqual([{ conceptId: 'b', text: 'Bank', reason: 'duplicate-source' }]);
  });

  it('skips terms DeepL would refuse', () => {
    const c = concept('c4', ['en', 'tab\tterm'], ['en', 'fine'], ['zh-Hans', '好']);
    const { entries, skipped } = buildTermbaseGlossary([c]);
    expect(entries.map((e) => e.source)).toEqual(['fine']);
    expect(skipped[0].reason).toBe('invalid-text');
  });

  it('has a checksum that ignores concept order and follows content', () => {
    const other = concept('c9', ['en', 'Jiangmen'], ['zh-Hans', '江门']);
    const one = buildTermbaseGlossary([gba, other]).checksum;
    expect(buildTermbaseGlossary([other, gba]).checksum).toBe(one);
    const edited = concept('c9', ['en', 'Jiangmen'], ['zh-Hans', '江门市']);
    expect(buildTermbaseGlossary([gba, edited]).checksum).not.toBe(one);
    expect(one).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('planBatches', () => {
  it('cuts at 50 texts', () => {
    const batches = planBatches(Array.from({ length: 120 }, (_, i) => `s${i}`));
    expect(batches).toEqual([
      { start: 0, end: 50 },
      { start: 50, end: 100 },
      { start: 100, end: 120 },
    ]);
  });

  it('cuts by request size, counting encoded bytes', () => {
    const han = '湾'.repeat(1000); // 9 000 bytes form-encoded
    const batches = planBatches(Array.from({ length: 30 }, () => han), { maxTexts: 50, maxBytes: 20_000 });
    expect(batches.every((b) => b.end - b.start === 2)).toBe(true);
    expect(batches).toHaveLength(15);
  });

  it('gives an oversized segment a batch of its own', () => {
    expect(planBatches(['a', 'x'.repeat(500), 'b'], { maxTexts: 50, maxBytes: 100 })).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 2 },
      { start: 2, end: 3 },
    ]);
  });

  it('returns no batch for no segments', () => {
    expect(planBatches([])).toEqual([]);
  });
});

describe('createMachineTranslationFromEnv', () => {
  it('offers no machine translation without a key', () => {
    expect(createMachineTranslationFromEnv({})).toBeNull();
    expect(createMachineTranslationFromEnv({ DEEPL_AUTH_KEY: '  ' })).toBeNull();
  });

  it('builds the DeepL provider from the key and server URL', () => {
    const provider = createMachineTranslationFromEnv({ DEEPL_AUTH_KEY: 'k:fx', DEEPL_SERVER_URL: 'http://127.0.0.1:9' });
    expect(provider).toBeInstanceOf(DeepLProvider);
    expect(provider?.id).toBe('deepl');
  });

  it('names a malformed setting', () => {
    expect(() => createMachineTranslationFromEnv({ DEEPL_AUTH_KEY: 'k', DEEPL_TIMEOUT_MS: 'soon' })).toThrow(/DEEPL_TIMEOUT_MS/);
  });

  it('offers en ⇄ zh-Hans but never zh-Hant', () => {
    const provider = createMachineTranslationFromEnv({ DEEPL_AUTH_KEY: 'k' });
    expect(provider?.supports('en', 'zh-Hans')).toBe(true);
    expect(provider?.supports('zh-Hans', 'en')).toBe(true);
    expect(provider?.supports('en', 'zh-Hant')).toBe(false);
    expect(provider?.supports('zh-Hans', 'zh-Hant')).toBe(false);
  });
});
