/**
 * Long checks never hold up the server (#19): the checks of a request's own text run in time
 * slices, letting the event loop through, so the public site keeps answering while the API
 * checks hostile 20,000-character texts. Asserted by order of events, not by times.
 */
import { createCheckContext, runChecks, runChecksInSlices } from '../../src/checks';
import { TERMBASE } from '../checks/helpers';
import { SLUG, call, startHarness, type Harness } from './harness';

const fill = (unit: string, length = 20_000) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const HOSTILE = [fill('@'), fill("a'"), fill('http://'), fill('1,000,'), fill('a '), fill('中a。b '), fill(' ', 19_999) + 'x', fill('a@b.')];

describe('checks in slices', () => {
  it('give the same findings as in one go, and let other work run before they finish', async () => {
    const context = createCheckContext(TERMBASE);
    for (const text of HOSTILE.slice(0, 3)) {
      const unit = { sourceLocale: 'en' as const, sourceText: text, targetLocale: 'zh-Hans' as const, targetText: text };
      const order: string[] = [];
      setImmediate(() => order.push('other work'));
      const sliced = await runChecksInSlices(unit, context, 0).then((findings) => { order.push('checks done'); return findings; });
      expect(order).toEqual(['other work', 'checks done']);
      expect(sliced).toEqual(runChecks(unit, context));
    }
  });
});

describe('the public page while the API checks hostile texts', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); }, 60_000);
  afterAll(async () => { await h?.close(); });

  it('answers pages between the checks, and every check still answers', async () => {
    const unit = (await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' }))[0]!;
    const events: string[] = [];
    const checks = HOSTILE.map((text, i) => call(h, 'POST', `/api/units/${unit.id}/check`, { token: h.users.translator.token, body: { text } })
      .then((r) => { events.push(`check ${i}`); return r; }));
    const pages = (async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await fetch(`${h.url}/en/`);
        await r.text();
        statuses.push(r.status);
        events.push(`page ${i}`);
      }
      return statuses;
    })();
    const [answers, statuses] = await Promise.all([Promise.all(checks), pages]);
    expect(answers.map((r) => r.status)).toEqual(HOSTILE.map(() => 200));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    // The first page came back before the last check: the checks did not hold the server.
    expect(events.indexOf('page 0')).toBeLessThan(Math.max(...HOSTILE.map((_, i) => events.indexOf(`check ${i}`))));
  }, 60_000);
});
