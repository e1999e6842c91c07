/*
 * The review table: source and target side by side in document order, grouped by paragraph;
 * filters; editing in place with TM suggestions and live findings; approval with the override
 * gate; history; alignment repair; keyboard (j/k, a, s, e, Esc).
 */
(function () {
  'use strict';
  var W = window.Workbench;
  var config = W.config, t = W.t, el = W.el, api = W.api;
  var canEdit = config.user && (config.user.role === 'editor' || config.user.role === 'admin');

  var tbody = document.getElementById('wb-units');
  var statusLine = document.getElementById('wb-status');
  var progressLine = document.getElementById('wb-progress');
  var filters = document.getElementById('wb-filters');
  var checkSelect = document.getElementById('wb-check');
  var selectAll = document.getElementById('wb-select-all');
  var approveSelectedButton = document.getElementById('wb-approve-selected');
  var approveAllButton = document.getElementById('wb-approve-all');
  var selectedLabel = document.getElementById('wb-selected');

  var units = [];
  var selected = new Set();
  var knownChecks = new Set();
  var current = -1;
  /** The open detail row (editor, history, override, split, source edit): { id, kind, row }. */
  var detail = null;

  function unitsPath(id) { return '/api/units/' + id; }
  function ifMatch(version) { return { 'If-Match': '"' + version + '"' }; }

  function say(message, isError) {
    statusLine.textContent = message;
    statusLine.className = 'wb-status' + (isError ? ' wb-error' : '');
  }

  // ---------------------------------------------------------------- loading

  function filterQuery() {
    var data = new FormData(filters);
    var params = new URLSearchParams({ locale: config.locale });
    ['status', 'origin', 'check', 'q'].forEach(function (name) {
      var value = String(data.get(name) || '').trim();
      if (value) params.set(name, value);
    });
    if (data.get('findings')) params.set('findings', '1');
    return params.toString();
  }

  function load() {
    return api('GET', '/api/articles/' + encodeURIComponent(config.slug) + '/units?' + filterQuery()).then(function (result) {
      if (!result.ok) { say(t('review.error', { message: W.errorText(result) }), true); return; }
      units = result.data;
      selected.clear();
      detail = null;
      units.forEach(function (u) { u.findings.forEach(function (f) { knownChecks.add(f.checkId); }); });
      fillChecks();
      render();
      say(t('review.shown', { count: units.length }));
    }).then(loadProgress);
  }

  function loadProgress() {
    return api('GET', '/api/articles/' + encodeURIComponent(config.slug)).then(function (result) {
      if (!result.ok) return;
      var p = (result.data.progress || []).find(function (x) { return x.locale === config.locale; });
      if (!p) return;
      W.clear(progressLine);
      ['new', 'draft', 'translated', 'approved'].forEach(function (s) {
        progressLine.appendChild(el('span', { class: 'wb-count wb-st-' + s, 'data-status': s }, [t('status.' + s) + ' ', el('strong', { text: p.counts[s] })]));
      });
      progressLine.appendChild(el('span', { class: 'wb-count' + (p.errorFindings ? ' wb-has-errors' : '') }, [t('articles.errors') + ' ', el('strong', { text: p.errorFindings })]));
      if (p.published) {
        progressLine.appendChild(el('a', {
          class: 'wb-badge wb-published', id: 'wb-public-link',
          href: '/' + config.locale + '/articles/' + encodeURIComponent(config.slug), text: t('articles.published') + ' — ' + t('review.publicPage'),
        }));
      } else {
        progressLine.appendChild(el('span', { class: 'wb-badge', title: p.reason || '', text: t('articles.notPublished') }));
      }
    });
  }

  function fillChecks() {
    var chosen = checkSelect.value;
    while (checkSelect.options.length > 1) checkSelect.remove(1);
    Array.from(knownChecks).sort().forEach(function (id) { checkSelect.appendChild(el('option', { value: id, text: id })); });
    checkSelect.value = chosen;
  }

  // ---------------------------------------------------------------- rendering

  function badge(kind, value, label) {
    return el('span', { class: 'wb-badge wb-' + kind + '-' + value.replace(/[^a-z0-9-]/gi, '-'), text: label || value });
  }

  function beadCell(unit) {
    if (!unit.bead) return el('td', { class: 'wb-bead' }, ['—']);
    return el('td', { class: 'wb-bead' + (unit.bead.lowConfidence ? ' wb-low' : ''), title: unit.bead.lowConfidence ? t('review.lowConfidence') : null }, [
      unit.bead.type + ' · ' + Number(unit.bead.score).toFixed(2),
    ]);
  }

  function actionButton(label, action, unit, extra) {
    return el('button', Object.assign({ type: 'button', class: 'wb-small', 'data-action': action, 'data-id': unit.id, text: label }, extra || {}));
  }

  function unitRow(unit) {
    var row = el('tr', {
      id: 'unit-' + unit.id, 'data-id': unit.id, tabindex: '-1',
      class: 'wb-unit wb-st-' + unit.target.status + (unit.blocked ? ' wb-blocked' : '') + (unit.bead && unit.bead.lowConfidence ? ' wb-low-confidence' : ''),
    });
    var box = el('input', { type: 'checkbox', class: 'wb-select', 'aria-label': t('review.select') + ' ' + unit.position });
    box.checked = selected.has(unit.id);
    box.addEventListener('change', function () {
      if (box.checked) selected.add(unit.id); else selected.delete(unit.id);
      updateSelection();
    });
    var target = unit.target.text
      ? W.highlighted(unit.target.text, unit.findings, 'target')
      : el('em', { class: 'wb-empty', text: '—' });
    var origin = unit.target.origin + (unit.matchScore !== null && unit.matchScore !== undefined ? ' ' + unit.matchScore + '%' : '');
    var repair = el('details', { class: 'wb-menu' }, [
      el('summary', { text: t('review.repair') }),
      el('div', { class: 'wb-menu-items' }, [
        actionButton(t('review.merge'), 'merge', unit),
        actionButton(t('review.split'), 'split', unit),
        actionButton(t('review.moveNextTarget'), 'move-target-next', unit),
        actionButton(t('review.movePrevTarget'), 'move-target-previous', unit),
        actionButton(t('review.moveNextSource'), 'move-source-next', unit),
        actionButton(t('review.movePrevSource'), 'move-source-previous', unit),
      ]),
    ]);
    row.appendChild(el('td', {}, [box]));
    row.appendChild(el('td', { class: 'wb-num', text: unit.position }));
    row.appendChild(el('td', { class: 'wb-source', lang: unit.source.locale }, [W.highlighted(unit.source.text, unit.findings, 'source')]));
    row.appendChild(el('td', { class: 'wb-target', lang: unit.target.locale }, [target]));
    row.appendChild(el('td', {}, [badge('st', unit.target.status, t('status.' + unit.target.status))]));
    row.appendChild(el('td', {}, [badge('origin', unit.target.origin, origin)]));
    row.appendChild(beadCell(unit));
    row.appendChild(el('td', { class: 'wb-findings-cell' }, [unit.findings.length ? W.findingList(unit.findings) : '']));
    row.appendChild(el('td', { class: 'wb-actions' }, [
      actionButton(t('review.edit'), 'edit', unit),
      actionButton(t('review.approve'), 'approve', unit, { disabled: unit.target.status === 'approved' }),
      actionButton(t('review.suggestions'), 'suggestions', unit),
      actionButton(t('review.history'), 'history', unit),
      canEdit ? actionButton(t('review.editSource'), 'edit-source', unit) : null,
      repair,
    ]));
    row.addEventListener('click', function (event) {
      var index = units.findIndex(function (u) { return u.id === unit.id; });
      if (index >= 0 && !(event.target instanceof HTMLButtonElement)) setCurrent(index, false);
    });
    return row;
  }

  function render() {
    W.clear(tbody);
    if (units.length === 0) {
      tbody.appendChild(el('tr', {}, [el('td', { colspan: 9, class: 'wb-none', text: t('review.empty') })]));
    }
    var paragraph = null;
    units.forEach(function (unit) {
      if (unit.paragraph !== paragraph) {
        paragraph = unit.paragraph;
        tbody.appendChild(el('tr', { class: 'wb-para' }, [el('th', { colspan: 9, scope: 'rowgroup', text: t('review.paragraph', { n: paragraph + 1 }) })]));
      }
      tbody.appendChild(unitRow(unit));
    });
    if (current >= units.length) current = units.length - 1;
    if (current >= 0) markCurrent();
    updateSelection();
  }

  function replaceUnit(unit) {
    var index = units.findIndex(function (u) { return u.id === unit.id; });
    if (index < 0) return;
    units[index] = unit;
    unit.findings.forEach(function (f) { knownChecks.add(f.checkId); });
    var old = document.getElementById('unit-' + unit.id);
    if (old) old.replaceWith(unitRow(unit));
    if (index === current) markCurrent();
  }

  function updateSelection() {
    selectedLabel.textContent = selected.size ? t('review.selected', { count: selected.size }) : '';
    approveSelectedButton.disabled = selected.size === 0;
    selectAll.checked = units.length > 0 && selected.size === units.length;
  }

  // ---------------------------------------------------------------- current unit, keyboard

  function markCurrent() {
    Array.prototype.forEach.call(tbody.querySelectorAll('.wb-current'), function (r) { r.classList.remove('wb-current'); });
    var unit = units[current];
    var row = unit && document.getElementById('unit-' + unit.id);
    if (row) row.classList.add('wb-current');
    return row;
  }

  function setCurrent(index, focus) {
    if (units.length === 0) return;
    current = Math.max(0, Math.min(units.length - 1, index));
    var row = markCurrent();
    if (row && focus !== false) {
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: 'nearest' });
    }
  }

  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
    if (event.key === 'Escape') { closeDetail(); return; }
    if (typing) return;
    var unit = units[current];
    switch (event.key) {
      case 'j': setCurrent(current + 1); break;
      case 'k': setCurrent(current < 0 ? 0 : current - 1); break;
      case 'a': if (unit) approve(unit); break;
      case 's': if (unit) openEditor(unit, true); break;
      case 'e': if (unit) openEditor(unit, false); break;
      default: return;
    }
    event.preventDefault();
  });

  // ---------------------------------------------------------------- detail rows

  function closeDetail() {
    if (detail && detail.row.parentNode) detail.row.parentNode.removeChild(detail.row);
    detail = null;
  }

  /** Opens a row right under the unit's row (editing happens in place, in the table). */
  function openDetail(unit, kind, content) {
    closeDetail();
    var unitRowElement = document.getElementById('unit-' + unit.id);
    if (!unitRowElement) return null;
    var cell = el('td', { colspan: 9 }, [content]);
    var row = el('tr', { class: 'wb-detail wb-detail-' + kind, 'data-for': unit.id }, [cell]);
    unitRowElement.after(row);
    detail = { id: unit.id, kind: kind, row: row };
    return row;
  }

  // ---------------------------------------------------------------- editing

  function diffView(ops) {
    return el('span', { class: 'wb-diff' }, (ops || []).map(function (op) {
      if (op.op === 'insert') return el('ins', { text: op.text, title: 'in this source only' });
      if (op.op === 'delete') return el('del', { text: op.text, title: 'in the match only' });
      return document.createTextNode(op.text);
    }));
  }

  function openEditor(unit, focusSuggestions) {
    var state = { version: unit.version, inserted: null, matchScore: null };
    var textarea = el('textarea', { class: 'wb-edit-text', rows: 3, lang: unit.target.locale, 'aria-label': config.localeLabel });
    textarea.value = unit.target.text;
    var preview = el('div', { class: 'wb-preview', lang: unit.target.locale });
    var live = el('div', { class: 'wb-live' });
    var suggestions = el('div', { class: 'wb-suggestions' }, [el('p', { class: 'wb-none', text: t('review.loading') })]);
    var message = el('p', { class: 'wb-message', role: 'status' });
    var conflict = el('div', { class: 'wb-conflict', hidden: true });

    function showFindings(findings) {
      W.clear(preview).appendChild(W.highlighted(textarea.value, findings, 'target'));
      W.clear(live).appendChild(el('h4', { text: t('review.liveFindings') }));
      live.appendChild(W.findingList(findings));
    }
    var timer = null;
    var checkSeq = 0;
    function checkDraft() {
      var seq = ++checkSeq;
      api('POST', unitsPath(unit.id) + '/check', { text: textarea.value }).then(function (result) {
        if (seq !== checkSeq) return;
        if (result.ok) showFindings(result.data.findings);
      });
    }
    textarea.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(checkDraft, 250);
    });

    function save(status) {
      var text = textarea.value;
      var fromTm = state.inserted !== null && text === state.inserted;
      var body = { text: text, origin: fromTm ? 'tm' : 'human' };
      if (fromTm) body.matchScore = state.matchScore;
      if (status) body.status = status;
      message.textContent = '';
      return api('PUT', unitsPath(unit.id), body, ifMatch(state.version)).then(function (result) {
        if (result.ok) {
          closeDetail();
          replaceUnit(result.data);
          say(t('review.saved'));
          loadProgress();
          return;
        }
        if (result.status === 409 && result.data && result.data.current) {
          showConflict(result.data.current);
          return;
        }
        message.textContent = t('review.error', { message: W.errorText(result) });
        message.className = 'wb-message wb-error';
      });
    }

    function showConflict(currentUnit) {
      W.clear(conflict);
      conflict.hidden = false;
      conflict.appendChild(el('p', { class: 'wb-error', role: 'alert', text: t('review.conflict', { version: currentUnit.version }) }));
      conflict.appendChild(el('div', { class: 'wb-compare' }, [
        el('div', {}, [el('h4', { text: t('review.yours') }), el('p', { class: 'wb-yours', lang: unit.target.locale, text: textarea.value })]),
        el('div', {}, [el('h4', { text: t('review.theirs') }), el('p', { class: 'wb-theirs', lang: unit.target.locale, text: currentUnit.target.text })]),
      ]));
      conflict.appendChild(el('div', { class: 'wb-buttons' }, [
        el('button', { type: 'button', 'data-action': 'keep-mine', text: t('review.keepMine'), onclick: function () {
          state.version = currentUnit.version;
          conflict.hidden = true;
          save();
        } }),
        el('button', { type: 'button', 'data-action': 'take-theirs', text: t('review.takeTheirs'), onclick: function () {
          state.version = currentUnit.version;
          textarea.value = currentUnit.target.text;
          conflict.hidden = true;
          replaceUnit(currentUnit);
          openEditor(currentUnit, false);
        } }),
      ]));
    }

    var form = el('form', { class: 'wb-editor', onsubmit: function (event) { event.preventDefault(); save(); } }, [
      el('div', { class: 'wb-editor-main' }, [
        el('p', { class: 'wb-editor-source', lang: unit.source.locale }, [W.highlighted(unit.source.text, unit.findings, 'source')]),
        textarea,
        preview,
        el('div', { class: 'wb-buttons' }, [
          el('button', { type: 'submit', 'data-action': 'save', text: t('review.save') }),
          el('button', { type: 'button', 'data-action': 'save-draft', text: t('review.saveDraft'), onclick: function () { save('draft'); } }),
          el('button', { type: 'button', 'data-action': 'cancel', text: t('review.cancel'), onclick: closeDetail }),
        ]),
        message,
        conflict,
        live,
      ]),
      el('div', { class: 'wb-editor-side' }, [el('h4', { text: t('review.suggestions') }), suggestions]),
    ]);
    openDetail(unit, 'editor', form);
    showFindings(unit.findings);
    (focusSuggestions ? suggestions : textarea).focus();

    api('GET', unitsPath(unit.id) + '/matches').then(function (result) {
      W.clear(suggestions);
      if (!result.ok) { suggestions.appendChild(el('p', { class: 'wb-error', text: W.errorText(result) })); return; }
      if (result.data.length === 0) { suggestions.appendChild(el('p', { class: 'wb-none', text: t('review.noSuggestions') })); return; }
      suggestions.appendChild(el('ol', { class: 'wb-matches' }, result.data.map(function (match, i) {
        return el('li', { class: 'wb-match' }, [
          el('span', { class: 'wb-score', text: match.score + '%' }),
          match.penalty && match.penalty.points ? el('span', { class: 'wb-penalty', text: ' ' + t('review.penalty') + ' −' + match.penalty.points + ' (' + match.penalty.reasons.join(', ') + ')' }) : null,
          el('div', { class: 'wb-match-source', lang: unit.source.locale, title: t('review.matchSource') }, [diffView(match.diff)]),
          el('div', { class: 'wb-match-target', lang: unit.target.locale, text: match.target }),
          el('button', { type: 'button', class: 'wb-small', 'data-action': 'insert', 'data-index': i, text: t('review.insert'), onclick: function () {
            textarea.value = match.target;
            state.inserted = match.target;
            state.matchScore = match.score;
            textarea.focus();
            checkDraft();
          } }),
        ]);
      })));
      if (focusSuggestions) {
        var first = suggestions.querySelector('button');
        if (first) first.focus();
      }
    });
  }

  // ---------------------------------------------------------------- approval

  function approve(unit, override) {
    var body = override ? { override: override } : {};
    return api('POST', unitsPath(unit.id) + '/approve', body).then(function (result) {
      if (result.ok) {
        if (detail && detail.id === unit.id) closeDetail();
        replaceUnit(result.data);
        say(t('review.approved'));
        loadProgress();
        return true;
      }
      if (result.status === 409 && result.data && result.data.findings) {
        openOverride(unit, result.data.findings);
        return false;
      }
      say(t('review.error', { message: W.errorText(result) }), true);
      return false;
    });
  }

  function openOverride(unit, findings) {
    var errors = findings.filter(function (f) { return f.severity === 'error'; });
    var select = el('select', { name: 'checkId' }, errors.map(function (f) { return el('option', { value: f.checkId, text: f.checkId }); }));
    var reason = el('textarea', { name: 'reason', rows: 2, maxlength: 2000 });
    var message = el('p', { class: 'wb-message', role: 'alert' });
    var form = el('form', { class: 'wb-override', onsubmit: function (event) {
      event.preventDefault();
      if (!reason.value.trim()) {
        message.textContent = t('review.reasonRequired');
        message.className = 'wb-message wb-error';
        reason.focus();
        return;
      }
      approve(unit, { checkId: select.value, reason: reason.value });
    } }, [
      el('p', { class: 'wb-error', text: t('review.blocked') }),
      W.findingList(errors),
      el('label', {}, [t('review.overrideCheck') + ' ', select]),
      el('label', {}, [t('review.overrideReason') + ' ', reason]),
      el('div', { class: 'wb-buttons' }, [
        el('button', { type: 'submit', 'data-action': 'override', text: t('review.override') }),
        el('button', { type: 'button', text: t('review.cancel'), onclick: closeDetail }),
      ]),
      message,
    ]);
    openDetail(unit, 'override', form);
    say(t('review.blocked'), true);
    reason.focus();
  }

  function approveSelected() {
    var ids = Array.from(selected);
    api('POST', '/api/articles/' + encodeURIComponent(config.slug) + '/approve', { locale: config.locale, ids: ids }).then(reportBulk);
  }

  function approveAll() {
    api('POST', '/api/articles/' + encodeURIComponent(config.slug) + '/approve', { locale: config.locale }).then(reportBulk);
  }

  function usePreferredTerms() {
    api('POST', '/api/articles/' + encodeURIComponent(config.slug) + '/preferred-terms', {}).then(function (result) {
      if (!result.ok) { say(t('review.error', { message: W.errorText(result) }), true); return; }
      load().then(function () { say(t('review.preferredTermsDone', { count: result.data.changed.length }), false); });
    });
  }

  function reportBulk(result) {
    if (!result.ok) { say(t('review.error', { message: W.errorText(result) }), true); return; }
    var d = result.data;
    load().then(function () {
      say(t('review.approvedCount', { approved: d.approved.length, blocked: d.blocked.length, untranslated: d.untranslated.length }), d.blocked.length > 0);
    });
  }

  // ---------------------------------------------------------------- history

  function openHistory(unit) {
    api('GET', unitsPath(unit.id) + '/history').then(function (result) {
      if (!result.ok) { say(t('review.error', { message: W.errorText(result) }), true); return; }
      var table = el('table', { class: 'wb-history' }, [
        el('caption', { text: t('review.historyTitle', { id: unit.id }) }),
        el('thead', {}, [el('tr', {}, [t('review.when'), t('review.who'), t('review.what'), t('review.text'), t('review.why')].map(function (h) { return el('th', { scope: 'col', text: h }); }))]),
        el('tbody', {}, result.data.map(function (entry) {
          return el('tr', {}, [
            el('td', { text: entry.at }),
            el('td', { text: entry.by }),
            el('td', { text: entry.action + ' → ' + t('status.' + entry.status) + ' (' + entry.origin + ')' }),
            el('td', { lang: unit.target.locale, text: entry.target }),
            el('td', { text: entry.reason || '' }),
          ]);
        })),
      ]);
      openDetail(unit, 'history', el('div', {}, [table, el('button', { type: 'button', text: t('review.close'), onclick: closeDetail })]));
    });
  }

  // ---------------------------------------------------------------- repair and source edits

  function afterRepair(result) {
    if (!result.ok) { say(t('review.error', { message: W.errorText(result) }), true); return; }
    load();
  }

  function openSplit(unit) {
    var source = el('textarea', { readonly: true, rows: 3, lang: unit.source.locale, class: 'wb-split-source' });
    source.value = unit.source.text;
    var target = el('textarea', { readonly: true, rows: 3, lang: unit.target.locale, class: 'wb-split-target' });
    target.value = unit.target.text;
    var form = el('form', { class: 'wb-split', onsubmit: function (event) {
      event.preventDefault();
      var targets = {};
      targets[unit.target.locale] = target.selectionStart;
      api('POST', unitsPath(unit.id) + '/split', { at: source.selectionStart, targets: targets }, ifMatch(unit.version)).then(afterRepair);
    } }, [
      el('p', { text: t('review.splitHelp') }), source, target,
      el('div', { class: 'wb-buttons' }, [
        el('button', { type: 'submit', 'data-action': 'split-do', text: t('review.splitDo') }),
        el('button', { type: 'button', text: t('review.cancel'), onclick: closeDetail }),
      ]),
    ]);
    openDetail(unit, 'split', form);
    source.focus();
  }

  function openSourceEdit(unit) {
    var text = el('textarea', { rows: 3, lang: unit.source.locale, class: 'wb-source-text' });
    text.value = unit.source.text;
    var reason = el('input', { type: 'text', maxlength: 2000, class: 'wb-source-reason' });
    var message = el('p', { class: 'wb-message', role: 'status' });
    var form = el('form', { class: 'wb-source-edit', onsubmit: function (event) {
      event.preventDefault();
      api('PUT', '/api/articles/' + encodeURIComponent(config.slug) + '/segments/' + unit.position, { text: text.value, reason: reason.value }).then(function (result) {
        if (!result.ok) { message.textContent = t('review.error', { message: W.errorText(result) }); message.className = 'wb-message wb-error'; return; }
        load().then(function () { say(t('review.sourceSaved', { count: result.data.length })); });
      });
    } }, [
      text,
      el('label', {}, [t('review.sourceReason') + ' ', reason]),
      el('div', { class: 'wb-buttons' }, [
        el('button', { type: 'submit', 'data-action': 'save-source', text: t('review.save') }),
        el('button', { type: 'button', text: t('review.cancel'), onclick: closeDetail }),
      ]),
      message,
    ]);
    openDetail(unit, 'source', form);
    text.focus();
  }

  tbody.addEventListener('click', function (event) {
    var button = event.target instanceof Element ? event.target.closest('button[data-action][data-id]') : null;
    if (!button) return;
    var id = Number(button.getAttribute('data-id'));
    var index = units.findIndex(function (u) { return u.id === id; });
    if (index < 0) return;
    var unit = units[index];
    setCurrent(index, false);
    var action = button.getAttribute('data-action');
    var move = /^move-(source|target)-(next|previous)$/.exec(action);
    if (action === 'edit') openEditor(unit, false);
    else if (action === 'suggestions') openEditor(unit, true);
    else if (action === 'approve') approve(unit);
    else if (action === 'history') openHistory(unit);
    else if (action === 'edit-source') openSourceEdit(unit);
    else if (action === 'merge') api('POST', unitsPath(unit.id) + '/merge', {}, ifMatch(unit.version)).then(afterRepair);
    else if (action === 'split') openSplit(unit);
    else if (move) api('POST', unitsPath(unit.id) + '/move', { side: move[1], direction: move[2] }, ifMatch(unit.version)).then(afterRepair);
  });

  // ---------------------------------------------------------------- wiring

  filters.addEventListener('submit', function (event) { event.preventDefault(); current = -1; load(); });
  filters.addEventListener('reset', function () { setTimeout(function () { current = -1; load(); }, 0); });
  selectAll.addEventListener('change', function () {
    selected.clear();
    if (selectAll.checked) units.forEach(function (u) { selected.add(u.id); });
    Array.prototype.forEach.call(tbody.querySelectorAll('input.wb-select'), function (box) { box.checked = selectAll.checked; });
    updateSelection();
  });
  approveSelectedButton.addEventListener('click', approveSelected);
  approveAllButton.addEventListener('click', approveAll);
  var preferredTermsButton = document.getElementById('wb-preferred-terms');
  if (preferredTermsButton && canEdit) {
    preferredTermsButton.hidden = false;
    preferredTermsButton.addEventListener('click', usePreferredTerms);
  }

  var focusId = Number((window.location.hash.match(/^#unit-(\d+)$/) || [])[1]);
  load().then(function () {
    if (!focusId) return;
    var index = units.findIndex(function (u) { return u.id === focusId; });
    if (index >= 0) setCurrent(index);
  });
})();
