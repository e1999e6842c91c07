/**
 * Accounts and hardening (#19): cookies behind a TLS-terminating proxy, security headers on
 * every answer (the site router's errors and redirects included).
 */
import { call, cookieFrom, startHarness, submitLogin, type Harness } from './harness';

let h: Harness;
const previousTrust = process.env.BITEXT_TRUST_PROXY;

beforeAll(async () => {
  // The proxy in front of the app is on loopback and says the client came over https.
  process.env.BITEXT_TRUST_PROXY = 'loopback';
  h = await startHarness();
});

afterAll(async () => {
  await h.close();
  if (previousTrust === undefined) delete process.env.BITEXT_TRUST_PROXY;
  else process.env.BITEXT_TRUST_PROXY = previousTrust;
});

const HTTPS = { 'X-Forwarded-Proto': 'https' };

describe('cookies behind a TLS proxy', () => {
  it('names the login and session cookies __Host- and marks them Secure, path /, no Domain', async () => {
    const form = await fetch(`${h.url}/workbench/login`, { redirect: 'manual', headers: HTTPS });
    const loginLine = form.headers.getSetCookie().find((c) => c.startsWith('__Host-bitext_login_csrf='));
    expect(loginLine).toMatch(/;\s*Secure/i);
    const loginToken = cookieFrom(form.headers, '__Host-bitext_login_csrf')!;
    const field = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const response = await fetch(`${h.url}/workbench/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...HTTPS, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `__Host-bitext_login_csrf=${loginToken}` },
      body: new URLSearchParams({ name: h.users.editor.name, password: h.users.editor.password, _csrf: field, next: '/workbench/' }).toString(),
    });
    expect(response.status).toBe(303);
    const line = response.headers.getSetCookie().find((c) => c.startsWith('__Host-bitext_session='))!;
    expect(line).toMatch(/;\s*Secure/i);
    expect(line).toMatch(/;\s*HttpOnly/i);
    expect(line).toMatch(/;\s*Path=\/(;|$)/i);
    expect(line).not.toMatch(/Domain=/i);
    expect(response.headers.getSetCookie().some((c) => c.startsWith('bitext_session='))).toBe(false);

    const session = cookieFrom(response.headers, '__Host-bitext_session')!;
    const me = await call(h, 'GET', '/api/me', { cookie: `__Host-bitext_session=${session}`, headers: HTTPS });
    expect(me.status).toBe(200);
    expect(me.body.user.name).toBe(h.users.editor.name);
    // The unprefixed name is not accepted over https: a plain-http page could have planted it.
    expect((await call(h, 'GET', '/api/me', { cookie: `bitext_session=${session}`, headers: HTTPS })).status).toBe(401);
  });
});

describe('security headers on every answer', () => {
  const paths = [
    '/',                                   // negotiation redirect
    '/en/',                                // a list page
    '/en/articles/no-such-article',        // the localized 404
    '/xx/articles/harbour-news',           // not a locale
    '/switch?to=zh-Hant&next=/en/',        // the switch redirect
    '/switch?to=klingon&next=/en/',        // a bad switch
    '/api/units/999999',                   // API 401/404
    '/workbench/',                         // login redirect
    '/no/such/path',
    '/%',                                  // a malformed URL (400 from the router)
    '/en/articles/%E0%A4%A',
  ];
  it.each(paths)('%s', async (path) => {
    const response = await fetch(`${h.url}${path}`, { redirect: 'manual' });
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});

describe('the workbench login sends the browser back on this site only', () => {
  const login = async (next: string) => {
    const response = await submitLogin(h.url, { name: h.users.translator.name, password: h.users.translator.password, next });
    await response.text();
    expect(response.status).toBe(303);
    return response.headers.get('location');
  };
  it.each([
    '//evil.example/workbench/',
    '/\\evil.example/workbench/',
    '/workbench/..//evil.example',
    '/workbench/%2e%2e//evil.example',
    '/workbench/%2E%2E/%2Fevil.example',
    '/workbench/%2f%2fevil.example',
    '/workbench/%5cevil.example',
    'https://evil.example/workbench/',
    'javascript:alert(1)',
    '/\tworkbench/',
    '/workbench/../en/',
    '/en/articles/harbour-news',
    ' /workbench/',
  ])('next=%j → /workbench/', async (next) => {
    expect(await login(next)).toBe('/workbench/');
  });
  it('keeps a workbench page with its query', async () => {
    expect(await login('/workbench/articles/harbour-news/zh-Hans?queue=mine')).toBe('/workbench/articles/harbour-news/zh-Hans?queue=mine');
    // The form's hidden field carries `next` through a GET of the login page too.
    const page = await (await fetch(`${h.url}/workbench/login?next=${encodeURIComponent('//evil.example')}`)).text();
    expect(page).toContain('name="next" value="/workbench/"');
  });
  it('the site\'s own redirects stay on it (a locale alias with a hostile rest)', async () => {
    for (const path of ['/zh-cn//evil.example', '/zh-cn/..//evil.example', '/zh-CN/%2e%2e//evil.example']) {
      const response = await fetch(`${h.url}${path}`, { redirect: 'manual' });
      const location = response.headers.get('location');
      if (location !== null) expect(location.startsWith('/') && !location.startsWith('//') && !location.startsWith('/\\')).toBe(true);
    }
  });
});
