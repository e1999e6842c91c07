/*
 * Shared helpers of the workbench's browser scripts (plain ES2017, no build step).
 * Every text from the server is put into the page with textContent / createTextNode, never as
 * markup: a segment holding <script> or an onerror attribute shows as text and never runs.
 */
(function () {
  'use strict';

  var configElement = document.getElementById('wb-config');
  var config = configElement ? JSON.parse(configElement.textContent || '{}') : {};

  function lookup(key) {
    var node = config.strings || {};
    var parts = key.split('.');
    for (var i = 0; i < parts.length; i++) {
      if (node === null || typeof node !== 'object') return undefined;
      node = node[parts[i]];
    }
    return typeof node === 'string' ? node : undefined;
  }

  /** UI string by key with {{name}} placeholders (the workbench key of locales/en.json). */
  function t(key, values) {
    var text = lookup(key);
    if (text === undefined) return key;
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  /**
   * Creates an element. `attrs`: `class`, `text` (textContent), `on<event>` handlers, other
   * attributes via setAttribute; `children`: nodes or strings (as text nodes).
   */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === undefined || value === null || value === false) return;
        if (name === 'text') node.textContent = String(value);
        else if (name === 'class') node.className = value;
        else if (name.slice(0, 2) === 'on' && typeof value === 'function') node.addEventListener(name.slice(2), value);
        else if (value === true) node.setAttribute(name, '');
        else node.setAttribute(name, String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  /**
   * Calls the API with the session cookie and the CSRF token. Resolves to
   * `{ status, ok, data }`; `data` is the parsed JSON (or null).
   */
  function api(method, path, body, headers) {
    var options = { method: method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (config.csrfToken) options.headers['X-CSRF-Token'] = config.csrfToken;
    Object.keys(headers || {}).forEach(function (name) { options.headers[name] = headers[name]; });
    if (body !== undefined) {
      if (typeof Blob !== 'undefined' && body instanceof Blob) {
        options.body = body;
        options.headers['Content-Type'] = 'application/octet-stream';
      } else {
        options.body = JSON.stringify(body);
        options.headers['Content-Type'] = 'application/json';
      }
    }
    return fetch(path, options).then(function (response) {
      if (response.status === 401) {
        window.location.assign('/workbench/login?next=' + encodeURIComponent(window.location.pathname + window.location.search));
      }
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: text }; }
        return { status: response.status, ok: response.ok, data: data };
      });
    });
  }

  function errorText(result) {
    return (result && result.data && result.data.error) || (result ? 'HTTP ' + result.status : 'network error');
  }

  /** Text with finding spans marked: <mark class="wb-mark wb-mark-error" title=message>…</mark>. */
  function highlighted(text, findings, side) {
    var fragment = document.createDocumentFragment();
    var spans = (findings || [])
      .filter(function (f) { return f.span && f.span.side === side && f.span.end > f.span.start; })
      .sort(function (a, b) { return a.span.start - b.span.start || b.span.end - a.span.end; });
    var cursor = 0;
    spans.forEach(function (finding) {
      var start = Math.max(finding.span.start, cursor);
      var end = Math.min(finding.span.end, text.length);
      if (start >= end) return;
      if (start > cursor) fragment.appendChild(document.createTextNode(text.slice(cursor, start)));
      fragment.appendChild(el('mark', {
        class: 'wb-mark wb-mark-' + (finding.overridden ? 'overridden' : finding.severity),
        title: finding.checkId + ': ' + finding.message,
        text: text.slice(start, end),
      }));
      cursor = end;
    });
    if (cursor < text.length) fragment.appendChild(document.createTextNode(text.slice(cursor)));
    return fragment;
  }

  /** A list of findings: severity, check id, message (and "overridden"). */
  function findingList(findings) {
    if (!findings || findings.length === 0) return el('p', { class: 'wb-none', text: t('review.noFindings') });
    return el('ul', { class: 'wb-findings' }, findings.map(function (f) {
      return el('li', { class: 'wb-finding wb-sev-' + (f.overridden ? 'overridden' : f.severity), 'data-check': f.checkId }, [
        el('span', { class: 'wb-check', text: f.checkId }), ' ',
        el('span', { class: 'wb-finding-message', text: f.message }),
        f.overridden ? el('span', { class: 'wb-tag', text: ' (overridden)' }) : null,
      ]);
    }));
  }

  window.Workbench = { config: config, t: t, el: el, clear: clear, api: api, errorText: errorText, highlighted: highlighted, findingList: findingList };
})();
