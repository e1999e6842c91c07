/**
 * The memory page (issue #17, "TM import/export with counts and progress for admins"): an admin
 * chooses a TMX, sees it sent with a progress bar, then the counts (read, added, updated, skipped)
 * and what the file held that was not kept; a broken file shows the API's message naming the
 * file and line, and nothing of it is stored; the export form downloads the memory by format and
 * locale pair. Others see no link, get a 403 for the page, and the API refuses their session.
 */
import { readFileSync } from 'node:fs';
import { screenshot, seriousAxeViolations, workbenchSession } from '../support/workbench-page';
import { call, type Harness } from '../api/harness';

const session = workbenchSession();
let h: Harness;
beforeAll(() => { h = session.h; });

const PAGE = '/workbench/memory';

const tmx = (units: Array<[string, string]>, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en" srclang="en" datatype="plaintext"/>
<body>
${units.map(([en, zh]) => `<tu><tuv xml:lang="en"><seg>${en}</seg></tuv><tuv xml:lang="zh-CN"><seg>${zh}</seg></tuv></tu>`).join('\n')}
${extra}</body></tmx>`;

async function memorySize(): Promise<number> {
  let n = 0;
  for await (const _ of h.workflow.exportMemory({})) n++;
  return n;
}

describe('the memory page', () => {
  it('imports a TMX with a progress bar, then shows the counts and what was not kept', async () => {
    const { page, errors, context } = await session.open('admin', PAGE);
    expect(await page.locator('nav a[href="/workbench/memory"]').getAttribute('aria-current')).toBe('page');
    expect(await page.locator('#tm-progress').isVisible()).toBe(false);
    const before = await memorySize();
    // About 600 KB, sent at 300 KB/s: the bar has time to move.
    const units = Array.from({ length: 3000 }, (_, i) => [`Berth ${i + 1} of the new ferry terminal opens to passengers on Monday morning.`, `新客运码头第${i + 1}号泊位于星期一上午向乘客开放。`] as [string, string]);
    units.push(units[0]!);
    const file = tmx(units, '<tu><tuv xml:lang="en"><note>checked by the port authority</note><seg>The ticket hall is on the ground floor.</seg></tuv><tuv xml:lang="zh-CN"><seg>售票大厅在一楼。</seg></tuv></tu>\n');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 300 * 1024 });
    // Every value the bar shows, as the page sets it.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { seen: number[] }).seen = seen;
      const text = document.getElementById('tm-progress-text')!;
      new MutationObserver(() => {
        const share = /^(\d+)%/.exec(text.textContent ?? '');
        if (share) seen.push(Number(share[1]));
      }).observe(text, { childList: true, characterData: true, subtree: true });
    });
    await page.locator('#tm-import input[type=file]').setInputFiles({ name: 'ferries.tmx', mimeType: 'application/x-tmx+xml', buffer: Buffer.from(file) });
    await page.locator('#tm-import button[type=submit]').click();
    await page.waitForSelector('#tm-progress:not([hidden])');
    await screenshot(page, 'memory-progress-1366');
    await page.waitForSelector('#tm-result:not([hidden])', { timeout: 60_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const seen = await page.evaluate(() => (window as unknown as { seen: number[] }).seen);
    expect(seen.some((v) => v > 0 && v < 100)).toBe(true);
    expect(seen.at(-1)).toBe(100);

    const count = async (key: string) => Number(await page.locator(`[data-count=${key}] dd`).innerText());
    expect(await count('read')).toBe(3002);
    expect(await count('added')).toBe(3001);
    expect(await count('updated')).toBe(0);
    expect(await count('skipped')).toBe(1);
    expect(await page.locator('#tm-result h3').innerText()).toContain('ferries.tmx');
    const notKept = await page.locator('.tm-not-kept li').allInnerTexts();
    expect(notKept).toEqual([expect.stringMatching(/^<note> in <tuv> ×1 not kept \(a language's own note\): line \d+ "checked by the port authority"/)]);
    expect(await page.locator('#tm-status').innerText()).toMatch(/ferries\.tmx imported: 3001 added/);
    expect(await page.locator('#tm-progress').isVisible()).toBe(false);
    expect(await memorySize()).toBe(before + 3001);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'memory-imported-1366');
    expect(errors).toEqual([]);
  });

  it('shows a broken file’s error naming file and line, and stores nothing of it', async () => {
    const { page, errors } = await session.open('admin', PAGE);
    const before = await memorySize();
    const good = Array.from({ length: 40 }, (_, i) => [`Gate ${i + 1} closes at noon.`, `${i + 1}号闸口中午关闭。`] as [string, string]);
    await page.locator('#tm-import input[type=file]').setInputFiles({
      name: 'broken.tmx', mimeType: 'application/x-tmx+xml', buffer: Buffer.from(tmx(good, '<tu><tuv xml:lang="en"><seg>Unclosed</seg></tuv>\n')),
    });
    await page.locator('#tm-import button[type=submit]').click();
    await page.waitForSelector('#tm-error:not([hidden])');
    const message = await page.locator('#tm-error .tm-error-message').innerText();
    expect(message).toMatch(/^broken\.tmx \(line \d+/);
    expect(await page.locator('#tm-error').innerText()).toContain('Nothing from this file was stored.');
    expect(await page.locator('#tm-result').isVisible()).toBe(false);
    expect(await memorySize()).toBe(before);
    expect(await (await call(h, 'GET', `/api/tm/lookup?q=${encodeURIComponent('Gate 1 closes at noon.')}`, { token: h.users.admin.token })).body.matches
      .filter((m: { source: string }) => m.source === 'Gate 1 closes at noon.')).toEqual([]);

    // A CSV row short of its columns: the same, with the CSV's line.
    await page.locator('#tm-import input[type=file]').setInputFiles({
      name: 'short.csv', mimeType: 'text/csv', buffer: Buffer.from('source_locale,source,target_locale,target\nen,One,zh-Hans,一\nen,Two\n'),
    });
    await page.locator('#tm-import button[type=submit]').click();
    await page.waitForFunction(() => /short\.csv/.test(document.querySelector('#tm-error .tm-error-message')?.textContent ?? ''));
    expect(await memorySize()).toBe(before);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'memory-error-1366');
    expect(errors).toEqual([]);
  });

  it('downloads the memory by format, locale pair and options', async () => {
    const { page, errors } = await session.open('admin', PAGE);
    const form = page.locator('#tm-export');
    await form.locator('select[name=format]').selectOption('xliff');
    await form.locator('select[name=targetLocale]').selectOption('zh-Hans');
    await form.locator('select[name=localeTags]').selectOption('bcp47');
    await form.locator('select[name=xliffVersion]').selectOption('1.2');
    const [download] = await Promise.all([page.waitForEvent('download'), form.locator('button[type=submit]').click()]);
    expect(download.suggestedFilename()).toBe('memory.en-zh-Hans.xlf');
    const xliff = readFileSync((await download.path())!, 'utf8');
    expect(xliff).toMatch(/<xliff[^>]+version="1\.2"/);
    expect(xliff).toMatch(/target-language="zh-Hans"/);

    await form.locator('select[name=format]').selectOption('tmx');
    await form.locator('select[name=targetLocale]').selectOption('');
    await form.locator('select[name=localeTags]').selectOption('region');
    const [tmxDownload] = await Promise.all([page.waitForEvent('download'), form.locator('button[type=submit]').click()]);
    expect(tmxDownload.suggestedFilename()).toBe('memory.tmx');
    expect(readFileSync((await tmxDownload.path())!, 'utf8')).toMatch(/xml:lang="zh-CN"/);
    expect(errors).toEqual([]);
  });

  it('is for admins only: no link for a translator, a 403 page, and the API refuses the session', async () => {
    for (const role of ['translator', 'editor'] as const) {
      const { page } = await session.open(role, '/workbench/termbase');
      expect(await page.locator('nav a[href="/workbench/memory"]').count()).toBe(0);
      const csrf = await page.evaluate(() => (JSON.parse(document.getElementById('wb-config')!.textContent!) as { csrfToken: string }).csrfToken);
      const response = await page.goto(`${h.url}${PAGE}`);
      expect(response!.status()).toBe(403);
      expect(await page.locator('#tm-import').count()).toBe(0);
      // The session's own cookie and CSRF token, as the page's script would send them.
      const before = await memorySize();
      const refused = await page.evaluate(async ([token, body]) => {
        const r = await fetch('/api/tm/import?fileName=sneaky.tmx', { method: 'POST', headers: { 'X-CSRF-Token': token!, 'Content-Type': 'application/octet-stream' }, body });
        return r.status;
      }, [csrf, tmx([['Not for translators.', '译员不可导入。']])]);
      expect(refused).toBe(403);
      const exported = await page.evaluate(async () => (await fetch('/api/tm/export?format=tmx')).status);
      expect(exported).toBe(403);
      expect(await memorySize()).toBe(before);
    }
    const admin = await session.open('admin', '/workbench/');
    expect(await admin.page.locator('nav a[href="/workbench/memory"]').count()).toBe(1);
  });

  it('reads well at 390 px and in Chinese', async () => {
    const { page, errors } = await session.open('admin', PAGE, 390);
    await page.locator('#tm-import input[type=file]').setInputFiles({
      name: 'piers.tmx', mimeType: 'application/x-tmx+xml', buffer: Buffer.from(tmx([['Pier 9 is closed for repairs.', '9号码头因维修关闭。']])),
    });
    await page.locator('#tm-import button[type=submit]').click();
    await page.waitForSelector('#tm-result:not([hidden])');
    // Against the phone's width, not innerWidth: a phone's browser widens its layout viewport to fit a page too wide.
    const wide = await page.evaluate(() => Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > 390.5).map((e) => `${e.tagName}#${e.id}.${e.className} → ${e.getBoundingClientRect().right}`));
    expect(wide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'memory-imported-390');
    await page.goto(`${h.url}/workbench/ui?lang=zh-Hans&next=${encodeURIComponent(PAGE)}`);
    expect(await page.locator('h1').innerText()).toBe('翻译记忆库');
    expect(await page.locator('#tm-export button[type=submit]').innerText()).toBe('下载');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'memory-zh-Hans-390');
    expect(errors).toEqual([]);
  });
});
