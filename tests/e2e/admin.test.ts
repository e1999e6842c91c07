/**
 * The account pages in Chromium (#19): an admin adds a user (credentials shown once), disables
 * and enables them (the user's open workbench is logged out at once), changes a role and resets
 * through forms with an in-page confirmation step; the last admin cannot be disabled (the page
 * says so before the click, the store refuses a post that goes round it); a user
 * changes their own password. Every form carries the session's CSRF token (refused without).
 */
import { screenshot, seriousAxeViolations, watchedPage, logInAs, workbenchSession } from '../support/workbench-page';
import { call, logIn, submitLogin } from '../api/harness';

const session = workbenchSession();

describe('the admin page', () => {
  it('adds, disables, enables, re-roles and resets a user; the change reaches their open workbench at once', async () => {
    const { h } = session;
    const { page, errors } = await session.open('admin', '/workbench/users');
    await page.waitForSelector('table.wb-users');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.fill('#wb-add-user input[name=name]', 'lena');
    await page.selectOption('#wb-add-user select[name=role]', 'translator');
    await page.selectOption('#wb-add-user select[name=expires]', '90d');
    await Promise.all([page.waitForLoadState('load'), page.click('#wb-add-user button[type=submit]')]);
    const shown = await page.locator('#wb-credentials code').allTextContents();
    expect(shown).toHaveLength(2);
    const [password, token] = shown as [string, string];
    expect(token).toMatch(/^btx_/);
    expect(await page.locator('tr[data-user="lena"]').textContent()).toMatch(/expires \d{4}-\d\d-\d\d/);
    await screenshot(page, 'admin-users-created');

    // Lena logs in in her own browser.
    const lena = await watchedPage(session.chromium);
    await logInAs(lena.page, h.url, { name: 'lena', password });
    expect(new URL(lena.page.url()).pathname).toBe('/workbench/');

    // Disable: the first click asks, Cancel keeps her, Confirm disables.
    const row = page.locator('tr[data-user="lena"]');
    await row.locator('form[action$="/disable"] button[type=submit]').click();
    await expect(row.locator('.wb-confirm').textContent()).resolves.toMatch(/Disable lena\?/);
    await screenshot(page, 'admin-users-confirm');
    await row.locator('.wb-confirm-no').click();
    expect(await row.locator('.wb-confirm').count()).toBe(0);
    expect((await call(h, 'GET', '/api/me', { token })).status).toBe(200);
    await row.locator('form[action$="/disable"] button[type=submit]').click();
    await Promise.all([page.waitForURL(/done=disabled/), row.locator('.wb-confirm-yes').click()]);
    expect(await page.locator('[role=status]').first().textContent()).toMatch(/lena is disabled/);
    expect(await page.locator('tr[data-user="lena"]').textContent()).toMatch(/disabled/);
    await lena.page.reload();
    expect(new URL(lena.page.url()).pathname).toBe('/workbench/login');
    expect((await call(h, 'GET', '/api/me', { token })).status).toBe(401);

    await Promise.all([page.waitForURL(/done=enabled/), page.locator('tr[data-user="lena"] form[action$="/enable"] button').click()]);
    expect((await call(h, 'GET', '/api/me', { token })).status).toBe(200);

    // A new role: her token ends too.
    await page.locator('tr[data-user="lena"] select[name=role]').selectOption('reviewer');
    await page.locator('tr[data-user="lena"] form[action$="/role"] button[type=submit]').click();
    await Promise.all([page.waitForURL(/done=role/), page.locator('tr[data-user="lena"] .wb-confirm-yes').click()]);
    expect(await page.locator('tr[data-user="lena"] select[name=role]').inputValue()).toBe('reviewer');
    expect((await call(h, 'GET', '/api/me', { token })).status).toBe(401);

    // Reset: new credentials shown once; the old password stops.
    await page.locator('tr[data-user="lena"] form[action$="/reset"] button[type=submit]').click();
    await Promise.all([page.waitForLoadState('load'), page.locator('tr[data-user="lena"] .wb-confirm-yes').click()]);
    const [newPassword, newToken] = await page.locator('#wb-credentials code').allTextContents() as [string, string];
    expect(newPassword).not.toBe(password);
    expect((await submitLogin(h.url, { name: 'lena', password })).status).toBe(401);
    const me = await call(h, 'GET', '/api/me', { token: newToken });
    expect(me.body.user.role).toBe('reviewer');

    // The last admin: the page says why it cannot be disabled or re-roled, and the store refuses
    // a post that goes round the page with a message; nothing changed.
    const self = page.locator(`tr[data-user="${h.users.admin.name}"]`);
    expect(await self.locator('form[action$="/disable"] button[type=submit]').isDisabled()).toBe(true);
    expect(await self.locator('form[action$="/role"] button[type=submit]').isDisabled()).toBe(true);
    expect(await self.locator('.wb-hint').textContent()).toMatch(/last enabled admin/);
    expect(await page.locator('tr[data-user="lena"] form[action$="/disable"] button[type=submit]').isDisabled()).toBe(false);
    await screenshot(page, 'admin-users-last-admin');
    await self.locator('form[action$="/disable"]').evaluate((form) => (form as HTMLFormElement).submit());
    await page.waitForLoadState('load');
    expect(await page.locator('[role=alert]').first().textContent()).toMatch(/last enabled admin/);
    expect((await call(h, 'GET', '/api/me', { token: h.users.admin.token })).status).toBe(200);

    // The audit list shows what was done, by whom.
    await page.goto(`${h.url}/workbench/users`);
    const audit = await page.locator('table.wb-audit').textContent();
    for (const action of ['user.add', 'user.disable', 'user.enable', 'user.role', 'user.reset']) expect(audit).toContain(action);
    await screenshot(page, 'admin-users-audit');
    expect(errors).toEqual([]);
  }, 120_000);

  it('is for admins only, and its forms need the CSRF token', async () => {
    const { h } = session;
    const editor = await logIn(h, h.users.editor);
    const asEditor = await fetch(`${h.url}/workbench/users`, { headers: { Cookie: editor.cookie }, redirect: 'manual' });
    expect(asEditor.status).toBe(403);
    const admin = await logIn(h, h.users.admin);
    const post = (fields: Record<string, string>) => fetch(`${h.url}/workbench/users/${h.users.translator.name}/disable`, {
      method: 'POST', redirect: 'manual', headers: { Cookie: admin.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    expect((await post({})).status).toBe(403);
    expect((await post({ _csrf: 'forged' })).status).toBe(403);
    expect((await call(h, 'GET', '/api/me', { token: h.users.translator.token })).status).toBe(200);
    expect((await post({ _csrf: admin.csrf })).status).toBe(303);
    expect((await call(h, 'GET', '/api/me', { token: h.users.translator.token })).status).toBe(401);
    await call(h, 'POST', `/api/users/${h.users.translator.name}/enable`, { token: h.users.admin.token });
  });
});

describe('your account', () => {
  it('changes your own password with the current one', async () => {
    const { h } = session;
    const { page, errors } = await session.open('reviewer', '/workbench/account');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.fill('#wb-password input[name=current]', 'not my password');
    await page.fill('#wb-password input[name=password]', 'harbour lights at dusk');
    await page.fill('#wb-password input[name=repeat]', 'harbour lights at dusk');
    await Promise.all([page.waitForLoadState('load'), page.click('#wb-password button[type=submit]')]);
    expect(await page.locator('[role=alert]').textContent()).toMatch(/current: is not your current password/);
    await page.fill('#wb-password input[name=current]', h.users.reviewer.password);
    await page.fill('#wb-password input[name=password]', 'harbour lights at dusk');
    await page.fill('#wb-password input[name=repeat]', 'harbour lights at dawn');
    // The script stops a form whose two new passwords differ.
    expect(await page.locator('#wb-password input[name=repeat]').evaluate((input: HTMLInputElement) => input.validity.valid)).toBe(false);
    await page.fill('#wb-password input[name=repeat]', 'harbour lights at dusk');
    await Promise.all([page.waitForLoadState('load'), page.click('#wb-password button[type=submit]')]);
    expect(await page.locator('[role=status]').textContent()).toMatch(/password is changed/);
    await screenshot(page, 'account-password-changed');
    // Still logged in here; the new password works, the old one does not.
    await page.goto(`${h.url}/workbench/`);
    expect(new URL(page.url()).pathname).toBe('/workbench/');
    expect((await submitLogin(h.url, { name: h.users.reviewer.name, password: h.users.reviewer.password })).status).toBe(401);
    expect((await submitLogin(h.url, { name: h.users.reviewer.name, password: 'harbour lights at dusk' })).status).toBe(303);
    expect(errors).toEqual([]);
  }, 60_000);
});
