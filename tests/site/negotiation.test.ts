import { chooseLocale, localPath, rememberedLocale } from '../../src/server/site';

describe('chooseLocale', () => {
  const cases: Array<[string | undefined, string]> = [
    ['zh-HK', 'zh-Hant'],
    ['zh-TW', 'zh-Hant'],
    ['zh-MO', 'zh-Hant'],
    ['zh-Hant', 'zh-Hant'],
    ['zh-Hant-TW', 'zh-Hant'],
    ['zh', 'zh-Hans'],
    ['zh-CN', 'zh-Hans'],
    ['zh-SG', 'zh-Hans'],
    ['zh-Hans-HK', 'zh-Hans'],
    ['en-US', 'en'],
    ['fr', 'en'],
    [undefined, 'en'],
    ['fr-FR,fr;q=0.9,zh-TW;q=0.8,en;q=0.7', 'zh-Hant'],
    ['en;q=0.5,zh-CN;q=0.9', 'zh-Hans'],
    ['zh-TW;q=0,en', 'en'],
  ];
  it.each(cases)('Accept-Language %p → %s', (header, expected) => {
    expect(chooseLocale({ acceptLanguage: header })).toBe(expected);
  });

  it('puts the remembered choice before Accept-Language', () => {
    expect(chooseLocale({ cookie: 'a=1; bitext_locale=en; b=2', acceptLanguage: 'zh-HK' })).toBe('en');
    expect(chooseLocale({ cookie: 'bitext_locale=zh-Hans', acceptLanguage: 'en-US' })).toBe('zh-Hans');
  });

  it('ignores a remembered choice that is not a locale or not available', () => {
    expect(chooseLocale({ cookie: 'bitext_locale=fr', acceptLanguage: 'zh-HK' })).toBe('zh-Hant');
    expect(chooseLocale({ cookie: 'bitext_locale=zh-Hant', acceptLanguage: 'zh-CN' }, ['en', 'zh-Hans'])).toBe('zh-Hans');
    expect(chooseLocale({ cookie: 'xbitext_locale=zh-Hant' })).toBe('en');
  });

  it('falls back to what the article has when English is not among it', () => {
    expect(chooseLocale({ acceptLanguage: 'fr' }, ['zh-Hans', 'zh-Hant'])).toBe('zh-Hans');
  });

  it('reads the cookie exactly', () => {
    expect(rememberedLocale('bitext_locale=zh-Hant')).toBe('zh-Hant');
    expect(rememberedLocale('bitext_locale="en"')).toBe('en');
    expect(rememberedLocale('bitext_locale=zh-hant')).toBeUndefined();
    expect(rememberedLocale(undefined)).toBeUndefined();
  });
});

describe('localPath (the switcher redirect target)', () => {
  it('keeps local paths with their query', () => {
    expect(localPath('/zh-Hant/articles/x')).toBe('/zh-Hant/articles/x');
    expect(localPath('/en/?a=1')).toBe('/en/?a=1');
  });

  it.each([
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example/',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/en/\nSet-Cookie: x=1',
    '',
    'en/',
  ])('refuses %p', (next) => {
    expect(localPath(next)).toBeUndefined();
  });

  it('refuses non-strings', () => {
    expect(localPath(['/en/'])).toBeUndefined();
    expect(localPath(undefined)).toBeUndefined();
  });
});
