/*
 * The termbase view: search, add and edit concepts and their terms, delete, import a TBX/CSV
 * upload, export. After a change, the units it put in error are listed with links to them.
 */
(function () {
  'use strict';
  var W = window.Workbench;
  var config = W.config, t = W.t, el = W.el, api = W.api;
  var LOCALES = ['en', 'zh-Hans', 'zh-Hant'];
  var STATUSES = ['preferred', 'admitted', 'forbidden'];

  var list = document.getElementById('tb-list');
  var statusLine = document.getElementById('tb-status');
  var affectedBox = document.getElementById('tb-affected');
  var search = document.getElementById('tb-search');
  var editor = document.getElementById('tb-editor');
  var addButton = document.getElementById('tb-add');
  var importForm = document.getElementById('tb-import');

  function say(message, isError) {
    statusLine.textContent = message;
    statusLine.className = 'wb-status' + (isError ? ' wb-error' : '');
  }

  function load() {
    var q = String(new FormData(search).get('q') || '').trim();
    return api('GET', '/api/termbase/concepts' + (q ? '?q=' + encodeURIComponent(q) : '')).then(function (result) {
      if (!result.ok) { say(W.errorText(result), true); return; }
      render(result.data);
    });
  }

  function render(concepts) {
    W.clear(list);
    if (concepts.length === 0) list.appendChild(el('tr', {}, [el('td', { colspan: 4, class: 'wb-none', text: t('termbase.none') })]));
    concepts.forEach(function (concept) {
      var terms = el('ul', { class: 'tb-terms' }, concept.terms.map(function (term) {
        return el('li', { class: 'tb-term tb-' + term.status }, [
          el('code', { class: 'tb-locale', text: term.locale }), ' ',
          el('span', { class: 'tb-text', lang: term.locale, text: term.text }), ' ',
          el('span', { class: 'wb-badge tb-status-' + term.status, text: t('termbase.statuses.' + term.status) }),
          term.caseSensitive ? el('span', { class: 'wb-tag', text: ' Aa' }) : null,
          term.note ? el('span', { class: 'tb-note', text: ' — ' + term.note }) : null,
        ]);
      }));
      var actions = config.canEdit ? [
        el('button', { type: 'button', class: 'wb-small', 'data-action': 'edit', text: t('termbase.edit'), onclick: function () { openEditor(concept); } }),
        el('button', { type: 'button', class: 'wb-small', 'data-action': 'delete', text: t('termbase.delete'), onclick: function () { remove(concept); } }),
      ] : [];
      list.appendChild(el('tr', { id: 'concept-' + concept.id, 'data-id': concept.id }, [
        el('td', {}, [el('code', { text: concept.id }), el('br'), el('small', { text: 'v' + concept.version })]),
        el('td', {}, [terms]),
        el('td', { text: concept.note || '' }),
        el('td', {}, actions),
      ]));
    });
  }

  /** "This change put N units in error", with a link to each unit in its review table. */
  function showRecheck(recheck) {
    W.clear(affectedBox);
    if (!recheck) return;
    var box = el('div', { class: 'tb-recheck', role: 'status' }, [
      el('p', { class: recheck.nowInError.length ? 'wb-error' : '', text: t('termbase.recheck', { rechecked: recheck.rechecked, count: recheck.nowInError.length }) }),
    ]);
    if (recheck.affected && recheck.affected.length) {
      box.appendChild(el('h3', { text: t('termbase.affected') }));
      box.appendChild(el('ul', { class: 'tb-affected' }, recheck.affected.map(function (unit) {
        var label = (unit.articleSlug || '—') + ' #' + unit.position + ' (' + unit.locale + '): ' + unit.source;
        if (!unit.articleSlug) return el('li', { text: label });
        var href = '/workbench/articles/' + encodeURIComponent(unit.articleSlug) + '/' + encodeURIComponent(unit.locale) + '#unit-' + unit.id;
        return el('li', {}, [el('a', { href: href, text: label })]);
      })));
    }
    affectedBox.appendChild(box);
  }

  function termRow(term) {
    var locale = el('select', { name: 'locale', 'aria-label': t('termbase.locale') }, LOCALES.map(function (l) { return el('option', { value: l, text: l }); }));
    locale.value = term.locale;
    var text = el('input', { name: 'text', maxlength: 300, required: true, 'aria-label': t('termbase.text') });
    text.value = term.text;
    var status = el('select', { name: 'status', 'aria-label': t('termbase.status') }, STATUSES.map(function (s) { return el('option', { value: s, text: t('termbase.statuses.' + s) }); }));
    status.value = term.status;
    var caseSensitive = el('input', { type: 'checkbox', name: 'caseSensitive' });
    caseSensitive.checked = !!term.caseSensitive;
    var note = el('input', { name: 'note', maxlength: 2000, placeholder: t('termbase.note'), 'aria-label': t('termbase.note') });
    note.value = term.note || '';
    var row = el('div', { class: 'tb-term-row' }, [
      locale, text, status, el('label', { class: 'wb-inline' }, [caseSensitive, ' ' + t('termbase.caseSensitive')]), note,
      el('button', { type: 'button', class: 'wb-small', text: t('termbase.removeTerm'), onclick: function () { row.remove(); } }),
    ]);
    return row;
  }

  function openEditor(concept) {
    W.clear(editor);
    editor.hidden = false;
    var rows = el('div', { class: 'tb-term-rows' });
    var terms = concept ? concept.terms : [
      { locale: 'en', text: '', status: 'preferred', caseSensitive: false },
      { locale: 'zh-Hans', text: '', status: 'preferred', caseSensitive: false },
    ];
    terms.forEach(function (term) { rows.appendChild(termRow(term)); });
    var note = el('textarea', { name: 'note', rows: 2, maxlength: 2000 });
    note.value = concept && concept.note ? concept.note : '';
    var message = el('p', { class: 'wb-message', role: 'alert' });
    editor.appendChild(el('h2', { text: concept ? t('termbase.concept') + ' ' + concept.id : t('termbase.add') }));
    editor.appendChild(rows);
    editor.appendChild(el('button', { type: 'button', class: 'wb-small', 'data-action': 'add-term', text: t('termbase.addTerm'), onclick: function () {
      rows.appendChild(termRow({ locale: 'en', text: '', status: 'forbidden', caseSensitive: false }));
    } }));
    editor.appendChild(el('label', {}, [t('termbase.note') + ' ', note]));
    editor.appendChild(el('div', { class: 'wb-buttons' }, [
      el('button', { type: 'submit', 'data-action': 'save-concept', text: t('termbase.save') }),
      el('button', { type: 'button', text: t('termbase.cancel'), onclick: function () { editor.hidden = true; } }),
    ]));
    editor.appendChild(message);
    editor.onsubmit = function (event) {
      event.preventDefault();
      var body = {
        note: note.value,
        terms: Array.prototype.map.call(rows.querySelectorAll('.tb-term-row'), function (row) {
          return {
            locale: row.querySelector('[name=locale]').value,
            text: row.querySelector('[name=text]').value,
            status: row.querySelector('[name=status]').value,
            caseSensitive: row.querySelector('[name=caseSensitive]').checked,
            note: row.querySelector('[name=note]').value,
          };
        }),
      };
      var request = concept
        ? api('PUT', '/api/termbase/concepts/' + encodeURIComponent(concept.id), body, { 'If-Match': '"' + concept.version + '"' })
        : api('POST', '/api/termbase/concepts', body);
      request.then(function (result) {
        if (!result.ok) {
          message.textContent = W.errorText(result);
          message.className = 'wb-message wb-error';
          return;
        }
        editor.hidden = true;
        say(t('termbase.saved', { id: result.data.concept.id }));
        showRecheck(result.data.recheck);
        load();
      });
    };
    var first = editor.querySelector('input[name=text]');
    if (first) first.focus();
  }

  function remove(concept) {
    if (!window.confirm(t('termbase.confirmDelete', { id: concept.id }))) return;
    api('DELETE', '/api/termbase/concepts/' + encodeURIComponent(concept.id), undefined, { 'If-Match': '"' + concept.version + '"' }).then(function (result) {
      if (!result.ok) { say(W.errorText(result), true); return; }
      say(t('termbase.deleted', { id: concept.id }));
      showRecheck(result.data.recheck);
      load();
    });
  }

  search.addEventListener('submit', function (event) { event.preventDefault(); load(); });
  if (addButton) addButton.addEventListener('click', function () { openEditor(null); });
  if (importForm) {
    // The format follows the file's extension; the select can still say otherwise.
    importForm.querySelector('input[type=file]').addEventListener('change', function (event) {
      var file = event.target.files[0];
      if (file) importForm.querySelector('select[name=format]').value = /\.csv$/i.test(file.name) ? 'csv' : 'tbx';
    });
    importForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var file = importForm.querySelector('input[type=file]').files[0];
      if (!file) return;
      var format = importForm.querySelector('select[name=format]').value;
      api('POST', '/api/termbase/import?format=' + encodeURIComponent(format) + '&fileName=' + encodeURIComponent(file.name), file).then(function (result) {
        if (!result.ok) { say(W.errorText(result), true); return; }
        say(t('termbase.imported', result.data));
        showRecheck(result.data.recheck);
        load();
      });
    });
  }
  load();
})();
