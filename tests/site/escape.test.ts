import { escapeHtml, html, unsafeRaw } from '../../src/server/http';

describe('escapeHtml and html``', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes every interpolated value, once', () => {
    const text = '<script>alert("x")</script>';
    const inner = html`<b>${text}</b>`;
    expect(html`<p>${inner}</p>`.value).toBe('<p><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</b></p>');
  });

  it('joins arrays, escaping plain strings inside them, and drops null, undefined and false', () => {
    const items = ['a&b', html`<i>c</i>`];
    expect(html`${items}|${null}|${undefined}|${false}|${0}`.value).toBe('a&amp;b<i>c</i>||||0');
  });

  it('lets only unsafeRaw and html output through unescaped', () => {
    expect(html`${unsafeRaw('<hr>')}${'<hr>'}`.value).toBe('<hr>&lt;hr&gt;');
  });
});
