/**
 * The reviewer's flow in Chromium (issue #16): a translator's edit with two error findings is
 * overridden in one form (a reason for each), the four-eyes rule refuses the reviewer's own edit
 * with its reason, and the QA report lists the overrides, the open findings and the English
 * source's warnings. Screenshots go to test-artifacts/review-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { workbenchSession } from '../support/workbench-page';
import { SLUG, call, seedFixture, type Account, type Harness } from '../api/harness';
import type { Workflow } from '../../src/workflow';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

async function seed(workflow: Workflow): Promise<void> {
  await seedFixture(workflow);
  await workflow.saveConcept({
    terms: [
      { locale: 'en', text: 'passengers', status: 'preferred' },
      { locale: 'zh-Hans', text: '乘客', status: 'preferred' },
      { locale: 'zh-Hant', text: '乘客', status: 'preferred' },
    ],
  }, { id: 'c-passengers', expectedVersion: null, by: 'fixture' });
}

const session = workbenchSession({ seed });
let h: Harness;
beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  h = session.h;
});

/** A fresh browser context (own cookies) whose page records dialogs and console errors. */
const newPage = () => session.page(1400);

async function logIn(page: Page, account: Account, path: string): Promise<void> {
  await page.goto(`${h.url}${path}`);
  await page.fill('input[name=name]', account.name);
  await page.fill('input[name=password]', account.password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/workbench/login'), page.click('form[action="/workbench/login"] button[type=submit]')]);
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `review-${name}.png`), fullPage: true });

async function unitAt(position: number) {
  return (await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).find((u) => u.position === position)!;
}

async function apiEdit(position: number, text: string, account: Account) {
  const unit = await unitAt(position);
  const r = await call(h, 'PUT', `/api/units/${unit.id}`, { token: account.token, headers: { 'If-Match': String(unit.version) }, body: { text } });
  expect(r.status).toBe(200);
  return unit.id;
}

describe('reviewer', () => {
  it('overrides two error findings in one form, a reason each; the history keeps both', async () => {
    const id = await apiEdit(2, '它每天服务300名旅客。', h.users.translator);
    const { page, errors } = await newPage();
    await logIn(page, h.users.reviewer, `/workbench/articles/${SLUG}/zh-Hans`);
    await page.waitForSelector(`#unit-${id}`);
    expect(await page.locator('#wb-review-rule').innerText()).toMatch(/Four eyes/);

    await page.click(`#unit-${id} button[data-action=approve]`);
    await page.waitForSelector('form.wb-override');
    const checks = await page.locator('form.wb-override fieldset.wb-override-check').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-check-id')));
    expect(checks.sort()).toEqual(['numbers', 'term-missing']);
    await shot(page, 'override-two');

    // One reason is not enough: the form says so and sends nothing.
    await page.fill('form.wb-override textarea[data-check-id=numbers]', 'The English figure is a typo; the operator says 300.');
    await page.click('form.wb-override button[data-action=override]');
    expect(await page.locator('form.wb-override .wb-message').innerText()).toContain('Write a reason');
    expect((await h.workflow.unit(id)).status).toBe('translated');

    await page.fill('form.wb-override textarea[data-check-id=term-missing]', '旅客 is the operator\'s own word.');
    await page.click('form.wb-override button[data-action=override]');
    await page.waitForSelector(`#unit-${id}.wb-st-approved`);
    const unit = await h.workflow.unit(id);
    expect(unit.overrides.map((o) => [o.checkId, o.by]).sort()).toEqual([['numbers', h.users.reviewer.name], ['term-missing', h.users.reviewer.name]]);

    await page.click(`#unit-${id} button[data-action=history]`);
    await page.waitForSelector('table.wb-history');
    const history = await page.locator('table.wb-history').innerText();
    expect(history).toContain('the operator says 300');
    expect(history).toContain('operator\'s own word');
    await shot(page, 'override-history');
    expect(errors).toEqual([]);
  }, 120_000);

  it('is refused the approval of a target they wrote, with the reason shown', async () => {
    const { page, errors } = await newPage();
    await logIn(page, h.users.reviewer, `/workbench/articles/${SLUG}/zh-Hans`);
    const id = await apiEdit(1, '江门新客运码头于周一启用。', h.users.reviewer);
    await page.reload();
    await page.waitForSelector(`#unit-${id}`);
    await page.click(`#unit-${id} button[data-action=approve]`);
    await page.waitForFunction(() => /four-eyes/.test(document.querySelector('#wb-status')?.textContent ?? ''));
    expect((await h.workflow.unit(id)).status).toBe('translated');
    await shot(page, 'four-eyes');
    expect(errors).toEqual([]);
  }, 120_000);

  it('reads the QA report: overrides with reasons, open findings by check, the source\'s warnings; CSV too', async () => {
    const { page, errors } = await newPage();
    await logIn(page, h.users.editor, `/workbench/qa?slug=${SLUG}&locale=zh-Hans`);
    await page.waitForSelector('#qa-overrides');
    const overrides = await page.locator('#qa-overrides').innerText();
    expect(overrides).toContain('the operator says 300');
    expect(overrides).toContain(h.users.reviewer.name);
    expect(await page.locator('#qa-findings').innerText()).toContain('term-missing');
    // The English names Jiangmen, which this termbase lacks: a spelling warning on the source.
    expect(await page.locator('#qa-source').innerText()).toMatch(/spelling[\s\S]*Jiangmen/);
    // The zh-Hans translation's missing term points at the English too, but is not a source warning.
    expect(await page.locator('#qa-source').innerText()).not.toContain('term-missing');
    await shot(page, 'qa');
    const href = await page.locator('#qa-csv').getAttribute('href');
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv.split('\n')[0]).toBe('section,unitId,checkId,severity,message,reason,by,at');
    expect(csv).toContain('the operator says 300');
    expect(errors).toEqual([]);
  }, 120_000);
});
