import {
  DeepLProvider,
  DeepLProviderOptions,
  MachineTranslationError,
  TranslationBatch,
  translateBatches,
} from '../../src/translation';
import { FakeDeepLServer, startFakeDeepLServer } from '../support/deepl-server';
import { concept } from './helpers';

let deepl: FakeDeepLServer;

beforeAll(async () => {
  deepl = await startFakeDeepLServer();
});
afterAll(async () => {
  await deepl.close();
});
beforeEach(() => deepl.reset());

/** Short time-outs and back-off so failure tests stay quick. */
function provider(options: Partial<DeepLProviderOptions> = {}): DeepLProvider {
  return new DeepLProvider({ authKey: deepl.authKey, serverUrl: deepl.url, timeoutMs: 400, maxAttempts: 3, backoffMs: 10, ...options });
}

async function failure(promise: Promise<unknown>): Promise<MachineTranslationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MachineTranslationError) return error;
    throw error;
  }
  throw new Error('expected a MachineTranslationError');
}

const termbase = [
  concept('gba', ['en', 'Greater Bay Area'], ['en', 'Bay Area', 'admitted'], ['zh-Hans', '粤港澳大湾区'], ['zh-Hans', '湾区', 'forbidden'], ['zh-Hant', '粵港澳大灣區']),
  concept('jm', ['en', 'Jiangmen'], ['zh-Hans', '江门']),
  concept('pr', ['en', 'Pearl River'], ['en', 'Zhujiang', 'forbidden'], ['zh-Hans', '珠江']),
];

describe('DeepL provider against a DeepL-compatible server', () => {
  it('creates the termbase glossary and translates en → zh-Hans with it', async () => {
    const mt = provider();
    const glossary = await mt.syncGlossary(termbase);
    expect(glossary).toMatchObject({ provider: 'deepl', sourceLocale: 'en', targetLocale: 'zh-Hans', entryCount: 4 });
    expect(glossary?.name).toBe(`bitext-termbase-${glossary?.checksum}`);

    // What deepl-node sent: a v3 glossary with one en → zh dictionary, TSV entries.
    const [create] = deepl.requestsTo('/v3/glossaries').filter((r) => r.method === 'POST');
    expect(create.form.get('dictionaries[0].source_lang')).toEqual(['en']);
    expect(create.form.get('dictionaries[0].target_lang')).toEqual(['zh']);
    const stored = deepl.glossaries.get(glossary!.id)!;
    expect(Object.fromEntries(stored.dictionaries[0].entries)).toEqual({
      'Bay Area': '粤港澳大湾区',
      'Greater Bay Area': '粤港澳大湾区',
      Jiangmen: '江门',
      'Pearl River': '珠江',
    });

    const out = await mt.translate(['Jiangmen lies in the Greater Bay Area.', 'It rains.'], 'en', 'zh-Hans', glossary);
    expect(out).toEqual(['[ZH-HANS] 江门 lies in the 粤港澳大湾区.', '[ZH-HANS] It rains.']);
    const [request] = deepl.requestsTo('/v2/translate');
    expect(request.form.get('target_lang')).toEqual(['zh-HANS']);
    expect(request.form.get('source_lang')).toEqual(['en']);
    expect(request.form.get('glossary_id')).toEqual([glossary!.id]);
    expect(request.form.get('text')).toHaveLength(2);
    expect(request.headers.authorization).toBe(`DeepL-Auth-Key ${deepl.authKey}`);
  });

  it('never puts forbidden terms in the glossary', async () => {
    const glossary = await provider().syncGlossary(termbase);
    const { entries } = deepl.glossaries.get(glossary!.id)!.dictionaries[0];
    expect(entries.has('Zhujiang')).toBe(false);
    expect(Array.from(entries.values())).not.toContain('湾区');
  });

  it('reuses the glossary while the termbase is unchanged', async () => {
    const mt = provider();
    const first = await mt.syncGlossary(termbase);
    const before = deepl.requests.length;
    expect(await mt.syncGlossary([...termbase].reverse())).toEqual(first);
    expect(deepl.requests.length).toBe(before); // same process: not even a list

    // Another process (a fresh provider) finds it by name and creates nothing.
    const again = await provider().syncGlossary(termbase);
    expect(again?.id).toBe(first?.id);
    const posts = deepl.requestsTo('/v3/glossaries').filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(deepl.glossaries.size).toBe(1);
  });

  it('recreates the glossary when the termbase changes and deletes the stale one', async () => {
    const foreign = await fetch(`${deepl.url}/v3/glossaries`, {
      method: 'POST',
      headers: { Authorization: `DeepL-Auth-Key ${deepl.authKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'someone else', dictionaries: [{ source_lang: 'en', target_lang: 'de', entries: 'bay\tBucht', entries_format: 'tsv' }] }),
    });
    expect(foreign.status).toBe(201);

    const mt = provider();
    const old = await mt.syncGlossary(termbase);
    const edited = [...termbase.slice(0, 2), concept('pr', ['en', 'Pearl River'], ['zh-Hans', '珠江水系'])];
    const fresh = await mt.syncGlossary(edited);
    expect(fresh?.id).not.toBe(old?.id);
    expect(fresh?.checksum).not.toBe(old?.checksum);
    expect(deepl.glossaries.has(old!.id)).toBe(false);
    expect(Array.from(deepl.glossaries.values()).map((g) => g.name).sort()).toEqual([fresh!.name, 'someone else'].sort());
    // The new glossary exists before the old one goes.
    const order = deepl.requests.filter((r) => r.method !== 'GET').map((r) => r.method);
    expect(order.slice(-2)).toEqual(['POST', 'DELETE']);

    const [out] = await mt.translate(['The Pearl River'], 'en', 'zh-Hans', fresh);
    expect(out).toBe('[ZH-HANS] The 珠江水系');
  });

  it('returns null for a termbase without entries and clears its old glossaries', async () => {
    const mt = provider();
    await mt.syncGlossary(termbase);
    expect(await mt.syncGlossary([concept('x', ['zh-Hans', '只有中文'])])).toBeNull();
    expect(deepl.glossaries.size).toBe(0);
  });

  it('translates zh-Hans → en without the glossary, as en-US', async () => {
    const mt = provider();
    const glossary = await mt.syncGlossary(termbase);
    expect(await mt.translate(['江门很美。'], 'zh-Hans', 'en', glossary)).toEqual(['[EN-US] 江门很美。']);
    const [request] = deepl.requestsTo('/v2/translate');
    expect(request.form.get('source_lang')).toEqual(['zh']);
    expect(request.form.has('glossary_id')).toBe(false);
  });

  it('refuses zh-Hant targets without asking DeepL', async () => {
    const error = await failure(provider().translate(['Hello'], 'en', 'zh-Hant'));
    expect(error.kind).toBe('unsupported');
    expect(error.message).toMatch(/derived from approved zh-Hans/);
    expect(deepl.requests).toHaveLength(0);
  });

  it('batches 50 texts a request, keeps order, and passes blank segments through unsent', async () => {
    const segments = Array.from({ length: 121 }, (_, i) => (i === 7 ? '  ' : i === 8 ? '' : `Sentence ${i}.`));
    const out = await provider().translate(segments, 'en', 'zh-Hans');
    expect(out).toHaveLength(121);
    expect(out[0]).toBe('[ZH-HANS] Sentence 0.');
    expect(out[7]).toBe('  ');
    expect(out[8]).toBe('');
    expect(out[120]).toBe('[ZH-HANS] Sentence 120.');
    const sizes = deepl.requestsTo('/v2/translate').map((r) => r.form.get('text')?.length);
    expect(sizes).toEqual([50, 50, 19]);
  });

  it('returns nothing for no segments', async () => {
    expect(await provider().translate([], 'en', 'zh-Hans')).toEqual([]);
    expect(deepl.requests).toHaveLength(0);
  });
});

describe('DeepL errors', () => {
  it('maps a wrong key (403) to auth, without retrying', async () => {
    const error = await failure(provider({ authKey: 'wrong-key' }).translate(['Hi'], 'en', 'zh-Hans'));
    expect(error.kind).toBe('auth');
    expect(error.attempts).toBe(1);
    expect(deepl.requests).toHaveLength(1);
    expect(deepl.requests[0].status).toBe(403);
  });

  it('maps an exhausted quota (456) to quota, without retrying', async () => {
    deepl.usage = { count: 0, limit: 5 };
    const error = await failure(provider().translate(['Longer than five'], 'en', 'zh-Hans'));
    expect(error.kind).toBe('quota');
    expect(deepl.requestsTo('/v2/translate')).toHaveLength(1);
  });

  it('retries 429 with back-off and succeeds when it clears', async () => {
    deepl.failNext(429, 2);
    expect(await provider({ maxAttempts: 3 }).translate(['Hi'], 'en', 'zh-Hans')).toEqual(['[ZH-HANS] Hi']);
    expect(deepl.requestsTo('/v2/translate').map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('gives up on 429 after exactly maxAttempts requests', async () => {
    deepl.failNext(429, 10);
    const error = await failure(provider({ maxAttempts: 3 }).translate(['Hi'], 'en', 'zh-Hans'));
    expect(error.kind).toBe('rate-limit');
    expect(error.attempts).toBe(3);
    expect(deepl.requestsTo('/v2/translate')).toHaveLength(3);
  });

  it('maps server errors (5xx) to unavailable after the bounded retries', async () => {
    deepl.failNext(500, 10);
    const error = await failure(provider({ maxAttempts: 2 }).translate(['Hi'], 'en', 'zh-Hans'));
    expect(error.kind).toBe('unavailable');
    expect(deepl.requestsTo('/v2/translate')).toHaveLength(2);

    deepl.reset();
    deepl.failNext(503, 1);
    expect(await provider({ maxAttempts: 2 }).translate(['Hi'], 'en', 'zh-Hans')).toEqual(['[ZH-HANS] Hi']);
  });

  it('maps a time-out to unavailable, within the configured time', async () => {
    deepl.delayNext(30_000, 5);
    const started = Date.now();
    const error = await failure(provider({ timeoutMs: 200, maxAttempts: 2 }).translate(['Hi'], 'en', 'zh-Hans'));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/no answer within 200 ms/);
    // Two 200 ms attempts, not the server's 30 s: the margin is for a busy machine.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('retries after a time-out and succeeds', async () => {
    deepl.delayNext(3000, 1);
    expect(await provider({ timeoutMs: 200, maxAttempts: 2 }).translate(['Hi'], 'en', 'zh-Hans')).toEqual(['[ZH-HANS] Hi']);
  });

  it('maps an unreachable server to unavailable', async () => {
    const error = await failure(
      new DeepLProvider({ authKey: 'k', serverUrl: 'http://127.0.0.1:1', maxAttempts: 1, timeoutMs: 500 }).translate(['Hi'], 'en', 'zh-Hans'),
    );
    expect(error.kind).toBe('unavailable');
  });

  it('maps a glossary deleted behind our back to glossary, and syncs it again', async () => {
    const mt = provider();
    const glossary = await mt.syncGlossary(termbase);
    deepl.glossaries.clear();
    const error = await failure(mt.translate(['Jiangmen'], 'en', 'zh-Hans', glossary));
    expect(error.kind).toBe('glossary');
    const again = await mt.syncGlossary(termbase);
    expect(again?.id).not.toBe(glossary?.id);
    expect(await mt.translate(['Jiangmen'], 'en', 'zh-Hans', again)).toEqual(['[ZH-HANS] 江门']);
  });

  it('retries glossary sync on 429 too', async () => {
    deepl.failNext(429, 1, /^\/v3\/glossaries$/);
    const glossary = await provider().syncGlossary(termbase);
    expect(glossary).not.toBeNull();
  });
});

describe('translateBatches', () => {
  const segments = Array.from({ length: 120 }, (_, i) => `Jiangmen ${i}`);

  it('hands over whole batches in order', async () => {
    const batches: TranslationBatch[] = [];
    const mt = provider();
    const glossary = await mt.syncGlossary(termbase);
    const result = await translateBatches(mt, segments, { from: 'en', to: 'zh-Hans', glossary }, (b) => {
      batches.push(b);
    });
    expect(result).toEqual({ batches: 3, segments: 120 });
    expect(batches.map((b) => [b.index, b.start, b.sources.length, b.translations.length])).toEqual([
      [0, 0, 50, 50],
      [1, 50, 50, 50],
      [2, 100, 20, 20],
    ]);
    expect(batches[2].translations[19]).toBe('[ZH-HANS] 江门 119');
  });

  it('stops at a failing batch and says how many segments were delivered', async () => {
    const delivered: number[] = [];
    const mt = provider({ maxAttempts: 2 });
    // The first batch goes through; then the server fails every attempt of the second.
    const run = translateBatches(mt, segments, { from: 'en', to: 'zh-Hans' }, async (b) => {
      delivered.push(b.start);
      deepl.failNext(500, 2);
    });
    const error = await failure(run);
    expect(error.kind).toBe('unavailable');
    expect(error.completed).toBe(50);
    expect(delivered).toEqual([0]);
    expect(deepl.requestsTo('/v2/translate')).toHaveLength(3);
  });

  it('lets a store failure in onBatch through unchanged, asking no more', async () => {
    const mt = provider();
    await expect(
      translateBatches(mt, segments, { from: 'en', to: 'zh-Hans' }, () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(deepl.requestsTo('/v2/translate')).toHaveLength(1);
  });
});

describe('the fake DeepL server', () => {
  it('accepts JSON translate bodies as well as forms', async () => {
    const response = await fetch(`${deepl.url}/v2/translate`, {
      method: 'POST',
      headers: { Authorization: `DeepL-Auth-Key ${deepl.authKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: ['Hello'], target_lang: 'ZH-HANS' }),
    });
    expect(await response.json()).toEqual({ translations: [{ detected_source_language: 'EN', text: '[ZH-HANS] Hello', billed_characters: 5 }] });
  });

  it('serves languages, usage, glossary language pairs and v2 glossaries to deepl-node', async () => {
    const { DeepLClient, GlossaryEntries } = await import('deepl-node');
    const client = new DeepLClient(deepl.authKey, { serverUrl: deepl.url, maxRetries: 1 });
    expect((await client.getTargetLanguages()).map((l) => l.code)).toEqual(expect.arrayContaining(['zh-HANS', 'zh-HANT']));
    expect((await client.getUsage()).character?.limit).toBe(500_000);
    expect(await client.getGlossaryLanguagePairs()).toEqual(expect.arrayContaining([{ sourceLang: 'en', targetLang: 'zh' }]));
    const v2 = await client.createGlossary('v2 one', 'en', 'zh', new GlossaryEntries({ entries: { Macao: '澳门' } }));
    expect((await client.getGlossaryEntries(v2)).entries()).toEqual({ Macao: '澳门' });
    expect((await client.listGlossaries()).map((g) => g.name)).toEqual(['v2 one']);
    const v3 = await client.getMultilingualGlossaryDictionaryEntries(v2.glossaryId, 'en', 'zh');
    expect(v3.entries.entries()).toEqual({ Macao: '澳门' });
    await client.deleteGlossary(v2);
    expect(deepl.glossaries.size).toBe(0);
  });
});
