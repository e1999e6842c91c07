/**
 * `bitext translate` fills changed segments memory-first: an outdated draft's previous
 * translation is a match like any other, so a one-word change keeps the reviewed words; a
 * better memory match replaces it; only a segment with no good match at all goes to DeepL
 * (the loopback DeepL-compatible server). Empty segments are filled as before.
 */
import { createDeepLProvider } from '../../src/translation';
import type { Workflow } from '../../src/workflow';
import { startFakeDeepLServer, type FakeDeepLServer } from '../support/deepl-server';
import { describeEachStore, openTestWorkflow } from '../support/stores';

const SLUG = 'ferry-news';
const ENGLISH = `# Ferry news

The new ferry terminal opened in Jiangmen on Monday morning. The mayor cut the ribbon at the pier.

The terminal serves three thousand passengers every day. Boats leave for Macao every hour.
`;
const CHINESE = `# 渡轮新闻

江门新渡轮码头于星期一上午启用。市长在栈桥剪彩。

码头每天服务三千名乘客。开往澳门的船每小时一班。
`;
// One word changed; a sentence rewritten that the memory knows; a sentence rewritten it does not know.
const CHANGED = ENGLISH
  .replace('on Monday morning', 'on Tuesday morning')
  .replace('The mayor cut the ribbon at the pier.', 'The mayor of the city cut the red ribbon at the new pier.')
  .replace('Boats leave for Macao every hour.', 'Boats leave for Macao and Zhuhai every hour of the day and night.');

let deepl: FakeDeepLServer;
beforeAll(async () => { deepl = await startFakeDeepLServer(); });
afterAll(() => deepl.close());

describeEachStore('bitext translate over changed segments', (kind) => {
  let workflow: Workflow;
  beforeEach(async () => {
    workflow = await openTestWorkflow(kind);
    await workflow.alignArticle({
      sourceText: ENGLISH, sourceFile: 'en.md', targetText: CHINESE, targetFile: 'zh-Hans.md',
      sourceLocale: 'en', targetLocale: 'zh-Hans', slug: SLUG, by: 'fixture',
    });
    for (const unit of await workflow.articleUnits(SLUG, { locale: 'zh-Hans' })) {
      await workflow.approveUnit({ id: unit.id, by: 'rita', role: 'reviewer', version: unit.version });
    }
    // The memory knows the rewritten mayor sentence from another article.
    await workflow.importMemory((async function* () {
      yield {
        sourceLocale: 'en' as const, sourceText: 'The mayor of the city cut the red ribbon at the new pier.', targetLocale: 'zh-Hans' as const, targetText: '市长在新栈桥剪了红色彩带。',
        status: 'approved' as const, origin: 'human' as const, inlineCodes: [], note: null,
      };
    })(), { by: 'fixture' });
    await workflow.importDocument({ text: CHANGED, fileName: 'en.md', locale: 'en', slug: SLUG, by: 'ed' });
  }, 60_000);
  afterEach(() => workflow.close());

  const unitFor = async (english: string) => (await workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).find((u) => u.sourceText.includes(english))!;

  it('keeps the previous translation where it is the best match, takes a better memory match, sends only the rest to DeepL', async () => {
    const outdated = (await workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).filter((u) => u.outdatedSource !== null);
    expect(outdated.map((u) => u.sourceText).sort()).toEqual([
      'Boats leave for Macao and Zhuhai every hour of the day and night.',
      'The mayor of the city cut the red ribbon at the new pier.',
      'The new ferry terminal opened in Jiangmen on Tuesday morning.',
    ]);
    const provider = createDeepLProvider({ authKey: deepl.authKey, serverUrl: deepl.url, maxAttempts: 1 });
    const before = deepl.requests.filter((r) => r.path === '/v2/translate').length;
    const summary = await workflow.pretranslate({ slug: SLUG, targetLocale: 'zh-Hans', by: 'cli', provider, minScore: 75 });
    expect(summary).toMatchObject({ untranslatedBefore: 0, outdatedBefore: 3, keptPrevious: 1, fromMemory: 1, fromMachine: 1, untranslated: 0 });

    // A one-word change: the reviewed translation stays, still outdated, for the translator to fix the one word.
    const tuesday = await unitFor('Tuesday');
    expect(tuesday).toMatchObject({ status: 'draft', targetText: '江门新渡轮码头于星期一上午启用。' });
    expect(tuesday.outdatedSource).toContain('Monday');
    // A better match in the memory wins over the previous translation; made for this source, so not outdated.
    const mayor = await unitFor('red ribbon');
    expect(mayor).toMatchObject({ status: 'draft', targetText: '市长在新栈桥剪了红色彩带。', origin: 'tm', outdatedSource: null });
    // No good match anywhere: machine translation, as a draft.
    const boats = await unitFor('Zhuhai');
    expect(boats).toMatchObject({ status: 'draft', origin: 'mt:deepl', outdatedSource: null });
    expect(boats.targetText).toMatch(/^\[ZH-HANS\]/);
    // One request to DeepL, for that one segment.
    const sent = deepl.requests.filter((r) => r.path === '/v2/translate').slice(before);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0]!.form.get('text') ?? sent[0]!.json)).toContain('Zhuhai');
    expect(JSON.stringify(sent[0]!.form.get('text') ?? sent[0]!.json)).not.toContain('Tuesday');
  });

  it('without machine translation, the previous translations stay as they were', async () => {
    const summary = await workflow.pretranslate({ slug: SLUG, targetLocale: 'zh-Hans', by: 'cli', provider: null });
    expect(summary).toMatchObject({ outdatedBefore: 3, keptPrevious: 1, fromMemory: 1, fromMachine: 0 });
    const boats = await unitFor('Zhuhai');
    expect(boats.targetText).toBe('开往澳门的船每小时一班。');
    expect(boats.outdatedSource).toBe('Boats leave for Macao every hour.');
  });

  it('a translator’s edit made meanwhile wins: an edited outdated draft is not replaced', async () => {
    const mayor = await unitFor('red ribbon');
    await workflow.editTarget({ id: mayor.id, version: mayor.version, text: '市长为新栈桥剪彩。', by: 'tina' });
    const summary = await workflow.pretranslate({ slug: SLUG, targetLocale: 'zh-Hans', by: 'cli', provider: null });
    expect(summary.outdatedBefore).toBe(2);
    expect((await unitFor('red ribbon')).targetText).toBe('市长为新栈桥剪彩。');
  });
});
