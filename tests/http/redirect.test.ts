import fc from 'fast-check';
import { safeRedirectPath } from '../../src/server/http';

const FALLBACK = '/en/';

describe('safeRedirectPath', () => {
  it.each([
    ['/zh-Hant/articles/x', '/zh-Hant/articles/x'],
    ['/en/?a=1', '/en/?a=1'],
    ['/en/#top', '/en/#top'],
    ['/', '/'],
    ['/en/./articles/../', '/en/'],
    ['/a/b/../../zh-Hans/', '/zh-Hans/'],
    ['/../../en/', '/en/'],
    ['/zh-Hans/articles/江门', '/zh-Hans/articles/%E6%B1%9F%E9%97%A8'],
    ['/en/articles/a%20b', '/en/articles/a%20b'],
  ])('keeps the same-site path %p as %p', (raw, expected) => {
    expect(safeRedirectPath(raw, FALLBACK)).toBe(expected);
  });

  it.each([
    'https://evil.example/',
    'http:evil.example',
    'javascript:alert(1)',
    'data:text/html,x',
    '//evil.example/',
    '///evil.example/',
    '/\\evil.example/',
    '\\\\evil.example',
    '\\/evil.example',
    '/..//evil.example',
    '/../..//evil.example',
    '/./..//evil.example',
    '/a/..//evil.example',
    '/.//evil.example',
    '/%2e%2e//evil.example',
    '/%2E%2E//evil.example',
    '/%2e./%2fevil.example',
    '/%2f/evil.example',
    '/%2F%2Fevil.example',
    '/%5cevil.example',
    '/%5Cevil.example',
    '/%09/evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/en/\nSet-Cookie: x=1',
    '/en/\u0000',
    '/en/\u007f',
    '/\u0085/evil.example',
    '',
    'en/',
    ' /en/',
    'evil.example',
    '/' + 'a'.repeat(3000),
  ])('refuses %p', (raw) => {
    expect(safeRedirectPath(raw, FALLBACK)).toBe(FALLBACK);
  });

  it('refuses what is not a string', () => {
    for (const raw of [undefined, null, 42, ['/en/'], { toString: () => '/en/' }]) {
      expect(safeRedirectPath(raw, FALLBACK)).toBe(FALLBACK);
    }
  });

  it('never answers anything a browser would read as another origin', () => {
    const pieces = fc.constantFrom('/', '\\', '.', '..', '%2e', '%2f', '%5c', 'evil.example', '\t', ':', '@', '?', '#', 'en', '%', '2e');
    fc.assert(fc.property(fc.array(pieces, { maxLength: 10 }), (parts) => {
      const out = safeRedirectPath(parts.join(''), FALLBACK);
      const resolved = new URL(out, 'https://site.example/');
      expect(resolved.origin).toBe('https://site.example');
      expect(out.startsWith('/')).toBe(true);
      expect(out.startsWith('//')).toBe(false);
      expect(out).not.toMatch(/[\\\t\n\r]/);
    }), { numRuns: 2000 });
  });
});
