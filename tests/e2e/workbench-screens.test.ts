/**
 * Every screen of the workbench at a laptop's width (1366 px) and a phone's (390 px): a
 * screenshot of each in test-artifacts/ (screen-NAME-WIDTH.png, looked at by people), nothing
 * wider than the window (no sideways scrolling of the page), and axe-core's checks passing.
 */
import type { Page } from 'playwright-core';
import { screenshot, seriousAxeViolations, workbenchSession, type WorkbenchRole } from '../support/workbench-page';
import { SLUG } from '../api/harness';

const session = workbenchSession();

interface Screen {
  name: string;
  role: WorkbenchRole | null;
  path: string;
  /** Waits until the screen shows what it is for (and does what opens it). */
  ready(page: Page): Promise<unknown>;
}

const REVIEW = `/workbench/articles/${SLUG}/zh-Hans`;
const reviewReady = (page: Page) => page.waitForSelector('tr.wb-unit');

const SCREENS: Screen[] = [
  { name: 'login', role: null, path: '/workbench/login', ready: (p) => p.waitForSelector('input[autocomplete=username]') },
  { name: 'articles', role: 'translator', path: '/workbench/', ready: (p) => p.waitForSelector('table.wb-articles') },
  { name: 'upload', role: 'editor', path: '/workbench/', ready: (p) => p.waitForSelector('form#wb-upload') },
  {
    name: 'upload-changes', role: 'editor', path: '/workbench/', ready: async (p) => {
      await p.locator('form#wb-upload input[name=english]').setInputFiles({
        name: `${SLUG}.md`, mimeType: 'text/markdown',
        buffer: Buffer.from('# Harbour news\n\nThe new ferry terminal opened in Jiangmen on Monday, a long sentence that changed. It serves 3000 passengers a day.\n'),
      });
      await p.locator('form#wb-upload button[type=submit]').click();
      await p.waitForSelector('#wb-upload-preview button[data-action=apply-upload]');
    },
  },
  { name: 'review', role: 'translator', path: REVIEW, ready: reviewReady },
  {
    name: 'review-editor', role: 'translator', path: REVIEW, ready: async (p) => {
      await reviewReady(p);
      await p.locator('tr.wb-unit').last().locator('button[data-action=edit]').click();
      await p.waitForSelector('.wb-best-match .wb-score');
    },
  },
  {
    name: 'queue-review', role: 'reviewer', path: `${REVIEW}?queue=review`, ready: async (p) => {
      await reviewReady(p);
      await p.waitForFunction(() => document.querySelector('[data-count-for=review]')?.textContent !== '');
    },
  },
  {
    name: 'keys', role: 'reviewer', path: REVIEW, ready: async (p) => {
      await reviewReady(p);
      await p.locator('h1').click();
      await p.keyboard.press('?');
      await p.waitForSelector('#wb-keys-dialog[open]');
    },
  },
  {
    name: 'concordance', role: 'translator', path: REVIEW, ready: async (p) => {
      await reviewReady(p);
      await p.keyboard.press('Control+k');
      await p.keyboard.type('pier');
      await p.keyboard.press('Enter');
      await p.waitForSelector('#wb-concordance-hits li');
    },
  },
  { name: 'termbase', role: 'editor', path: '/workbench/termbase', ready: (p) => p.waitForSelector('#tb-list tr[data-id]') },
  {
    name: 'termbase-form', role: 'editor', path: '/workbench/termbase', ready: async (p) => {
      await p.waitForSelector('#concept-c-pier');
      await p.click('#concept-c-pier button[data-action=edit]');
      await p.waitForSelector('#tb-editor .tb-term-row');
    },
  },
  {
    // The file says 码头 where the termbase says 栈桥 for the pier, made outside an import: a conflict to decide.
    name: 'termbase-import', role: 'editor', path: '/workbench/termbase', ready: async (p) => {
      await p.waitForSelector('#concept-c-pier');
      const tbx = await p.evaluate(async () => (await fetch('/api/termbase/export?format=tbx')).text());
      await p.click('details.tb-import summary');
      await p.setInputFiles('#tb-import input[type=file]', { name: 'terms.tbx', mimeType: 'application/xml', buffer: Buffer.from(tbx.replace('栈桥', '码头')) });
      await p.click('#tb-import button[type=submit]');
      await p.waitForSelector('#tb-import-preview .tb-plan-conflicts li[data-id=c-pier]');
    },
  },
  { name: 'qa', role: 'reviewer', path: `/workbench/qa?slug=${SLUG}&locale=zh-Hans`, ready: (p) => p.waitForSelector('#qa-findings') },
  { name: 'users', role: 'admin', path: '/workbench/users', ready: (p) => p.waitForSelector('main table') },
  { name: 'memory', role: 'admin', path: '/workbench/memory', ready: (p) => p.waitForSelector('form#tm-export') },
  { name: 'account', role: 'translator', path: '/workbench/account', ready: (p) => p.waitForSelector('main form') },
];

describe.each([1366, 390])('every screen at %i px', (width) => {
  it.each(SCREENS.map((s) => [s.name, s] as const))('%s: fits the width, passes axe, screenshot taken', async (_name, screen) => {
    const w = screen.role ? await session.open(screen.role, screen.path, width) : await session.page(width);
    if (!screen.role) await w.page.goto(`${session.h.url}${screen.path}`);
    await screen.ready(w.page);
    // Against the device's width, not innerWidth alone: a phone's browser widens its layout viewport
    // (and zooms out) to fit a page that is too wide, so innerWidth grows with the overflow.
    const sizes = await w.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    // Wider than the window: name what sticks out, to fix it.
    const wide = sizes.scroll <= width ? [] : await w.page.evaluate((limit) => Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > limit + 1)
      .slice(0, 8).map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${(e.getAttribute('class') ?? '').replace(/ /g, '.')} → ${Math.round(e.getBoundingClientRect().right)}`), width);
    expect(wide).toEqual([]);
    expect([sizes.scroll, sizes.inner]).toEqual([expect.any(Number), width]);
    expect(sizes.scroll).toBeLessThanOrEqual(width);
    expect(await seriousAxeViolations(w.page)).toEqual([]);
    await screenshot(w.page, `screen-${screen.name}-${width}`);
    expect(w.errors).toEqual([]);
    await w.context.close();
  }, 60_000);
});
