/*
 * The termbase view: search, add and edit concepts and their terms, delete, import a TBX/CSV
 * upload, export. After a change, the units it put in error are listed with links to them.
 */
import { api, byId, clear, config, el, errorText, t } from './common';
import type { Concept, Recheck, Term } from './types';

const LOCALES = ['en', 'zh-Hans', 'zh-Hant'];
const STATUSES = ['preferred', 'admitted', 'forbidden'] as const;
const canEdit = config.canEdit === true;

const list = byId<HTMLTableSectionElement>('tb-list');
const statusLine = byId('tb-status');
const affectedBox = byId('tb-affected');
const search = byId<HTMLFormElement>('tb-search');
const editor = document.getElementById('tb-editor') as HTMLFormElement | null;
const addButton = document.getElementById('tb-add');
const importForm = document.getElementById('tb-import') as HTMLFormElement | null;

function say(message: string, isError = false): void {
  statusLine.textContent = message;
  statusLine.className = `wb-status${isError ? ' wb-error' : ''}`;
}

async function load(): Promise<void> {
  const q = String(new FormData(search).get('q') ?? '').trim();
  const result = await api<Concept[]>('GET', `/api/termbase/concepts${q ? `?q=${encodeURIComponent(q)}` : ''}`);
  if (!result.ok) { say(errorText(result), true); return; }
  render(result.data);
}

function render(concepts: Concept[]): void {
  clear(list);
  if (concepts.length === 0) list.appendChild(el('tr', {}, [el('td', { colspan: 4, class: 'wb-none', text: t('termbase.none') })]));
  for (const concept of concepts) {
    const terms = el('ul', { class: 'tb-terms' }, concept.terms.map((term) => el('li', { class: `tb-term tb-${term.status}` }, [
      el('code', { class: 'tb-locale', text: term.locale }), ' ',
      el('span', { class: 'tb-text', lang: term.locale, text: term.text }), ' ',
      el('span', { class: `wb-badge tb-status-${term.status}`, text: t(`termbase.statuses.${term.status}`) }),
      term.caseSensitive ? el('span', { class: 'wb-tag', text: ' Aa' }) : null,
      term.note ? el('span', { class: 'tb-note', text: ` — ${term.note}` }) : null,
    ])));
    const actions = canEdit ? [
      el('button', { type: 'button', class: 'wb-small', 'data-action': 'edit', text: t('termbase.edit'), onclick: () => openEditor(concept) }),
      el('button', { type: 'button', class: 'wb-small', 'data-action': 'delete', text: t('termbase.delete'), onclick: () => { void remove(concept); } }),
    ] : [];
    list.appendChild(el('tr', { id: `concept-${concept.id}`, 'data-id': concept.id }, [
      el('td', {}, [el('code', { text: concept.id }), el('br'), el('small', { text: `v${concept.version}` })]),
      el('td', {}, [terms]),
      el('td', { text: concept.note ?? '' }),
      el('td', {}, actions),
    ]));
  }
}

/** "This change put N units in error", with a link to each unit in its review table. */
function showRecheck(recheck: Recheck | undefined): void {
  clear(affectedBox);
  if (!recheck) return;
  const box = el('div', { class: 'tb-recheck', role: 'status' }, [
    el('p', { class: recheck.nowInError.length ? 'wb-error' : '', text: t('termbase.recheck', { rechecked: recheck.rechecked, count: recheck.nowInError.length }) }),
  ]);
  if (recheck.affected && recheck.affected.length) {
    box.appendChild(el('h3', { text: t('termbase.affected') }));
    box.appendChild(el('ul', { class: 'tb-affected' }, recheck.affected.map((unit) => {
      const label = `${unit.articleSlug || '—'} #${unit.position} (${unit.locale}): ${unit.source}`;
      if (!unit.articleSlug) return el('li', { text: label });
      const href = `/workbench/articles/${encodeURIComponent(unit.articleSlug)}/${encodeURIComponent(unit.locale)}#unit-${unit.id}`;
      return el('li', {}, [el('a', { href, text: label })]);
    })));
  }
  affectedBox.appendChild(box);
}

function termRow(term: Term): HTMLDivElement {
  const locale = el('select', { name: 'locale', 'aria-label': t('termbase.locale') }, LOCALES.map((l) => el('option', { value: l, text: l })));
  locale.value = term.locale;
  const text = el('input', { name: 'text', maxlength: 300, required: true, 'aria-label': t('termbase.text') });
  text.value = term.text;
  const status = el('select', { name: 'status', 'aria-label': t('termbase.status') }, STATUSES.map((s) => el('option', { value: s, text: t(`termbase.statuses.${s}`) })));
  status.value = term.status;
  const caseSensitive = el('input', { type: 'checkbox', name: 'caseSensitive' });
  caseSensitive.checked = !!term.caseSensitive;
  const note = el('input', { name: 'note', maxlength: 2000, placeholder: t('termbase.note'), 'aria-label': t('termbase.note') });
  note.value = term.note ?? '';
  const row: HTMLDivElement = el('div', { class: 'tb-term-row' }, [
    locale, text, status, el('label', { class: 'wb-inline' }, [caseSensitive, ` ${t('termbase.caseSensitive')}`]), note,
    el('button', { type: 'button', class: 'wb-small', text: t('termbase.removeTerm'), onclick: (): void => row.remove() }),
  ]);
  return row;
}

function field<T extends HTMLInputElement | HTMLSelectElement>(row: Element, name: string): T {
  return row.querySelector(`[name=${name}]`) as T;
}

function openEditor(concept: Concept | null): void {
  if (!editor) return;
  const form = editor;
  clear(form);
  form.hidden = false;
  const rows = el('div', { class: 'tb-term-rows' });
  const terms: Term[] = concept ? concept.terms : [
    { locale: 'en', text: '', status: 'preferred', caseSensitive: false },
    { locale: 'zh-Hans', text: '', status: 'preferred', caseSensitive: false },
  ];
  for (const term of terms) rows.appendChild(termRow(term));
  const note = el('textarea', { name: 'note', rows: 2, maxlength: 2000 });
  note.value = concept?.note ?? '';
  const message = el('p', { class: 'wb-message', role: 'alert' });
  form.appendChild(el('h2', { text: concept ? `${t('termbase.concept')} ${concept.id}` : t('termbase.add') }));
  form.appendChild(rows);
  form.appendChild(el('button', {
    type: 'button', class: 'wb-small', 'data-action': 'add-term', text: t('termbase.addTerm'),
    onclick: () => rows.appendChild(termRow({ locale: 'en', text: '', status: 'forbidden', caseSensitive: false })),
  }));
  form.appendChild(el('label', {}, [`${t('termbase.note')} `, note]));
  form.appendChild(el('div', { class: 'wb-buttons' }, [
    el('button', { type: 'submit', 'data-action': 'save-concept', text: t('termbase.save') }),
    el('button', { type: 'button', text: t('termbase.cancel'), onclick: () => { form.hidden = true; } }),
  ]));
  form.appendChild(message);
  form.onsubmit = (event) => {
    event.preventDefault();
    const body = {
      note: note.value,
      terms: Array.from(rows.querySelectorAll('.tb-term-row'), (row) => ({
        locale: field<HTMLSelectElement>(row, 'locale').value,
        text: field<HTMLInputElement>(row, 'text').value,
        status: field<HTMLSelectElement>(row, 'status').value,
        caseSensitive: field<HTMLInputElement>(row, 'caseSensitive').checked,
        note: field<HTMLInputElement>(row, 'note').value,
      })),
    };
    const request = concept
      ? api<{ concept: Concept; recheck: Recheck }>('PUT', `/api/termbase/concepts/${encodeURIComponent(concept.id)}`, body, { 'If-Match': `"${concept.version}"` })
      : api<{ concept: Concept; recheck: Recheck }>('POST', '/api/termbase/concepts', body);
    void request.then((result) => {
      if (!result.ok) {
        message.textContent = errorText(result);
        message.className = 'wb-message wb-error';
        return;
      }
      form.hidden = true;
      say(t('termbase.saved', { id: result.data.concept.id }));
      showRecheck(result.data.recheck);
      return load();
    });
  };
  const first = form.querySelector<HTMLInputElement>('input[name=text]');
  if (first) first.focus();
}

async function remove(concept: Concept): Promise<void> {
  if (!window.confirm(t('termbase.confirmDelete', { id: concept.id }))) return;
  const result = await api<{ deleted: string; recheck: Recheck }>('DELETE', `/api/termbase/concepts/${encodeURIComponent(concept.id)}`, undefined, { 'If-Match': `"${concept.version}"` });
  if (!result.ok) { say(errorText(result), true); return; }
  say(t('termbase.deleted', { id: concept.id }));
  showRecheck(result.data.recheck);
  await load();
}

search.addEventListener('submit', (event) => { event.preventDefault(); void load(); });
if (addButton) addButton.addEventListener('click', () => openEditor(null));
if (importForm) {
  const fileInput = importForm.querySelector<HTMLInputElement>('input[type=file]')!;
  const formatSelect = importForm.querySelector<HTMLSelectElement>('select[name=format]')!;
  // The format follows the file's extension; the select can still say otherwise.
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) formatSelect.value = /\.csv$/i.test(file.name) ? 'csv' : 'tbx';
  });
  importForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = fileInput.files?.[0];
    if (!file) return;
    const format = formatSelect.value;
    void api<{ added: number; updated: number; unchanged: number; recheck: Recheck }>('POST', `/api/termbase/import?format=${encodeURIComponent(format)}&fileName=${encodeURIComponent(file.name)}`, file)
      .then((result) => {
        if (!result.ok) { say(errorText(result), true); return; }
        const { added, updated, unchanged } = result.data;
        say(t('termbase.imported', { added, updated, unchanged }));
        showRecheck(result.data.recheck);
        return load();
      });
  });
}
void load();
