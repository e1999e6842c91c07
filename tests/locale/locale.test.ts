import { detectHanScript, negotiateLocale, parseAcceptLanguage, parseLocaleArgument, toLocale, LOCALES } from '../../src/locale';

describe('toLocale', () => {
  it.each([
    ['en', 'en'], ['en-US', 'en'], ['EN-gb', 'en'],
    ['zh', 'zh-Hans'], ['zh-CN', 'zh-Hans'], ['zh-SG', 'zh-Hans'], ['zh-Hans', 'zh-Hans'], ['zh_CN', 'zh-Hans'],
    ['zh-TW', 'zh-Hant'], ['zh-HK', 'zh-Hant'], ['zh-MO', 'zh-Hant'], ['zh-Hant', 'zh-Hant'], ['zh-Hant-TW', 'zh-Hant'], ['zh-hant-hk', 'zh-Hant'],
  ])('%s → %s', (tag, locale) => expect(toLocale(tag)).toBe(locale));

  it('leaves languages Bitext does not publish', () => {
    expect(toLocale('fr')).toBeUndefined();
    expect(toLocale('')).toBeUndefined();
  });

  it('decides a bare zh by the script of its text', () => {
    expect(toLocale('zh', '粵港澳大灣區的發展')).toBe('zh-Hant');
    expect(toLocale('zh', '粤港澳大湾区的发展')).toBe('zh-Hans');
    expect(toLocale('zh-TW', '粤港澳大湾区')).toBe('zh-Hant'); // an explicit region wins over the text
  });

  it('parses CLI arguments, accepting zh for zh-Hans', () => {
    expect(parseLocaleArgument('zh')).toBe('zh-Hans');
    expect(parseLocaleArgument('zh-Hant')).toBe('zh-Hant');
    expect(parseLocaleArgument('xx')).toBeUndefined();
  });
});

describe('Accept-Language negotiation', () => {
  it('orders by q-value, then by position, and drops q=0', () => {
    expect(parseAcceptLanguage('fr;q=0.9, zh-HK, en;q=0.8, de;q=0').map((p) => p.tag)).toEqual(['zh-HK', 'fr', 'en']);
  });

  it.each([
    ['zh-HK,zh;q=0.9,en;q=0.8', 'zh-Hant'],
    ['zh-TW', 'zh-Hant'],
    ['zh-MO,en;q=0.5', 'zh-Hant'],
    ['zh-CN,zh;q=0.9', 'zh-Hans'],
    ['zh', 'zh-Hans'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR,fr;q=0.9', 'en'],
    ['fr, zh-TW;q=0.5', 'zh-Hant'],
    ['en;q=0.4, zh-SG;q=0.6', 'zh-Hans'],
  ])('%s → %s', (header, locale) => expect(negotiateLocale(header, LOCALES)).toBe(locale));

  it('falls back to English without a header, and offers only available locales', () => {
    expect(negotiateLocale(undefined, LOCALES)).toBe('en');
    expect(negotiateLocale('zh-HK, zh-CN;q=0.5', ['en', 'zh-Hans'])).toBe('zh-Hans');
  });
});

describe('Han script detection', () => {
  it('tells Simplified from Traditional, and says unknown when nothing tells', () => {
    expect(detectHanScript('江门人才岛项目')).toBe('Hans');
    expect(detectHanScript('江門人才島項目')).toBe('Hant');
    expect(detectHanScript('中文')).toBe('unknown');
    expect(detectHanScript('English only')).toBe('unknown');
  });
});
