import { buildTermRecognizer, type Concept, type Term } from '../../src/termbase';
import type { Locale } from '../../src/locale';

function term(locale: Locale, text: string, status: Term['status'] = 'preferred', caseSensitive = false): Term {
  return { locale, text, status, caseSensitive, partOfSpeech: null, note: null };
}
function concept(id: string, terms: Term[]): Concept {
  return { id, note: null, subject: null, terms, version: 1, updatedBy: 'test', updatedAt: '2024-01-01T00:00:00Z' };
}

const concepts: Concept[] = [
  concept('gba', [
    term('en', 'Guangdong-Hong Kong-Macao Greater Bay Area'),
    term('en', 'Greater Bay Area', 'admitted'),
    term('en', 'Greater Guangdong, Hong Kong and Macao Bay Area', 'forbidden'),
    term('en', 'Guangdong-Hongkong-Macao Greater Bay Area', 'forbidden'),
    term('zh-Hans', '粤港澳大湾区'),
    term('zh-Hans', '大湾区', 'admitted'),
    term('zh-Hant', '粵港澳大灣區'),
  ]),
  concept('hk', [term('en', 'Hong Kong'), term('en', 'Hongkong', 'forbidden'), term('zh-Hans', '香港')]),
  concept('center', [term('en', 'international science and technology innovation center')]),
  concept('cluster', [term('en', 'industrial cluster')]),
  concept('city', [term('en', 'smart city')]),
  concept('gov', [term('en', "Jiangmen Municipal People's Government")]),
  concept('us', [term('en', 'US', 'preferred', true)]),
  concept('jm', [term('en', 'Jiangmen'), term('zh-Hans', '江门')]),
  concept('box', [term('en', 'tax')]),
];

const recognizer = buildTermRecognizer(concepts);
const find = (text: string, locale: Locale = 'en') =>
  recognizer.recognize(text, locale).map((h) => ({ id: h.conceptId, text: h.text, status: h.term.status }));

describe('term recognition', () => {
  test('longest match wins in English', () => {
    const text = 'the Guangdong-Hong Kong-Macao Greater Bay Area and the Greater Bay Area';
    expect(find(text)).toEqual([
      { id: 'gba', text: 'Guangdong-Hong Kong-Macao Greater Bay Area', status: 'preferred' },
      { id: 'gba', text: 'Greater Bay Area', status: 'admitted' },
    ]);
  });

  test('longest match wins in Chinese, with no word boundaries', () => {
    const hits = recognizer.recognize('建设粤港澳大湾区，江门融入大湾区。', 'zh-Hans');
    expect(hits.map((h) => [h.text, h.start, h.end])).toEqual([
      ['粤港澳大湾区', 2, 8],
      ['江门', 9, 11],
      ['大湾区', 13, 16],
    ]);
  });

  test('terms are looked up only in the locale asked for', () => {
    expect(find('粤港澳大湾区', 'zh-Hant')).toEqual([]);
    expect(find('粵港澳大灣區', 'zh-Hant')).toEqual([{ id: 'gba', text: '粵港澳大灣區', status: 'preferred' }]);
    expect(find('Jiangmen', 'zh-Hans')).toEqual([]);
  });

  test('hyphen and space variants match each other', () => {
    expect(find('Guangdong Hong Kong Macao Greater Bay Area')).toHaveLength(1);
    expect(find('Guangdong – Hong-Kong – Macao Greater  Bay\nArea')[0]?.id).toBe('gba');
    expect(find('Greater-Bay-Area')).toEqual([{ id: 'gba', text: 'Greater-Bay-Area', status: 'admitted' }]);
  });

  test('plurals and possessives of the last word', () => {
    expect(find('two international science and technology innovation centers')[0]?.text).toBe(
      'international science and technology innovation centers',
    );
    expect(find('industrial clusters worth 100 billion yuan')[0]?.text).toBe('industrial clusters');
    expect(find('smart cities')[0]?.text).toBe('smart cities');
    expect(find('taxes')[0]?.text).toBe('taxes');
    expect(find("Hong Kong's port")[0]?.text).toBe("Hong Kong's");
    expect(find('Jiangmen’s talent')[0]?.text).toBe('Jiangmen’s');
    expect(find("the industrial clusters' output")[0]?.text).toBe("industrial clusters'");
    expect(find('industrial clustering')).toEqual([]);
  });

  test('curly and straight quotes are the same', () => {
    expect(find('the Jiangmen Municipal People’s Government said')).toEqual([
      { id: 'gov', text: 'Jiangmen Municipal People’s Government', status: 'preferred' },
    ]);
  });

  test('English is case-insensitive unless the term says otherwise', () => {
    expect(find('the GREATER BAY AREA')[0]?.text).toBe('GREATER BAY AREA');
    expect(find('the US economy')).toEqual([{ id: 'us', text: 'US', status: 'preferred' }]);
    expect(find('let us go')).toEqual([]);
    expect(find('two USs')).toEqual([]);
  });

  test('word boundaries in English', () => {
    expect(find('Hongkongers and taxonomy and syntax')).toEqual([]);
    // Case-insensitive: "HongKong" is the forbidden "Hongkong", not "Hong Kong".
    expect(find('HongKong')).toEqual([{ id: 'hk', text: 'HongKong', status: 'forbidden' }]);
    expect(find('3Jiangmen')).toEqual([]);
    // An English term inside Chinese text is still a whole word.
    expect(find('位于Jiangmen市')).toEqual([{ id: 'jm', text: 'Jiangmen', status: 'preferred' }]);
  });

  test('a forbidden term that contains another term is one occurrence', () => {
    const hits = find('the Guangdong-Hongkong-Macao Greater Bay Area');
    expect(hits).toEqual([{ id: 'gba', text: 'Guangdong-Hongkong-Macao Greater Bay Area', status: 'forbidden' }]);
    expect(find('Hongkong')).toEqual([{ id: 'hk', text: 'Hongkong', status: 'forbidden' }]);
  });

  test('offsets point into the original text, across collapsed spaces and surrogate pairs', () => {
    const text = '𠀀😀  Greater   Bay\u00a0Area’s   and  Hong\t\tKong';
    const hits = recognizer.recognize(text, 'en');
    expect(hits).toHaveLength(2);
    for (const h of hits) expect(text.slice(h.start, h.end)).toBe(h.text);
    expect(hits[0].text).toBe('Greater   Bay\u00a0Area’s');
    expect(hits[1].text).toBe('Hong\t\tKong');
  });

  test('hits never overlap and come in text order', () => {
    const text = 'Greater Bay Area Greater Bay Area Hong Kong Hongkong Hong Kong';
    const hits = recognizer.recognize(text, 'en');
    expect(hits.map((h) => h.text)).toEqual(['Greater Bay Area', 'Greater Bay Area', 'Hong Kong', 'Hongkong', 'Hong Kong']);
    for (let i = 1; i < hits.length; i++) expect(hits[i].start).toBeGreaterThanOrEqual(hits[i - 1].end);
  });

  test('empty termbase and empty text', () => {
    expect(buildTermRecognizer([]).recognize('anything', 'en')).toEqual([]);
    expect(recognizer.recognize('', 'en')).toEqual([]);
  });

  test('a homograph across concepts: case-sensitive term first, then termbase order', () => {
    const r = buildTermRecognizer([
      concept('a', [term('en', 'bay')]),
      concept('b', [term('en', 'Bay', 'preferred', true)]),
    ]);
    expect(r.recognize('the Bay', 'en')[0].conceptId).toBe('b');
    expect(r.recognize('the bay', 'en')[0].conceptId).toBe('a');
  });
});

describe('nested hits', () => {
  test('nested: true also returns terms inside longer ones, longest first at one start', () => {
    const hits = recognizer.recognize('江门融入粤港澳大湾区', 'zh-Hans', { nested: true });
    expect(hits.map((h) => h.text)).toEqual(['江门', '粤港澳大湾区', '大湾区']);
    const en = recognizer.recognize('the Guangdong-Hongkong-Macao Greater Bay Area', 'en', { nested: true });
    expect(en.map((h) => [h.conceptId, h.text])).toEqual([
      ['gba', 'Guangdong-Hongkong-Macao Greater Bay Area'],
      ['hk', 'Hongkong'],
      ['gba', 'Greater Bay Area'],
    ]);
  });
});
