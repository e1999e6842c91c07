/** The elements inline codes stand for, as the workbench preview gets them: allowlisted only. */
import { codeElements } from '../../src/document';

describe('codeElements', () => {
  it('reads the tag and the allowed attributes of each start or standalone code, entities decoded', () => {
    expect(codeElements([
      { id: '1', kind: 'bpt', native: '<a href="/en/articles/x?a=1&amp;b=2" hreflang="en">' },
      { id: '1', kind: 'ept', native: '</a>' },
      { id: '2', kind: 'ph', native: '<br>' },
      { id: '3', kind: 'bpt', native: '<span lang="zh-Hans">' },
      { id: '4', kind: 'ph', native: '<img src="https://e.example/a.png" alt="A &quot;map&quot;">' },
    ])).toEqual([
      { id: '1', tag: 'a', paired: true, attributes: { href: '/en/articles/x?a=1&b=2', hreflang: 'en' } },
      { id: '2', tag: 'br', paired: false, attributes: {} },
      { id: '3', tag: 'span', paired: true, attributes: { lang: 'zh-Hans' } },
      { id: '4', tag: 'img', paired: false, attributes: { src: 'https://e.example/a.png', alt: 'A "map"' } },
    ]);
  });

  it('gives nothing of hostile or foreign markup: scripts, event handlers, javascript: URLs, tags off the allowlist', () => {
    expect(codeElements([
      { id: '1', kind: 'bpt', native: '<a href="javascript:alert(1)" onclick="evil()">' },
      { id: '2', kind: 'ph', native: '<script>alert(1)</script>' },
      { id: '3', kind: 'bpt', native: '<font color="red">' },
      { id: '4', kind: 'ph', native: '{0}' },
      { id: '5', kind: 'bpt', native: '<br>' },
    ])).toEqual([{ id: '1', tag: 'a', paired: true, attributes: {} }]);
  });
});
