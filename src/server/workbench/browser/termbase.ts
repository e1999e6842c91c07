/*
 * The termbase view: search, add and edit concepts and their terms, delete, import a TBX/CSV
 * upload, export. After a change, the units it put in error are listed with links to them.
 */
import { api, byId, clear, config, el, errorText, localTime, t } from './common';
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
      el('button', { type: 'button', class: 'wb-small', 'data-action': 'edit', text: t('termbase.edit'), onclick: (event) => openEditor(concept, event.currentTarget as HTMLElement) }),
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
    el('p', {
      class: recheck.nowInError.length ? 'wb-error' : '',
      text: t('termbase.recheck', {
        rechecked: t('termbase.rechecked', { count: recheck.rechecked }),
        inError: t('termbase.putInError', { count: recheck.nowInError.length }),
      }),
    }),
  ]);
  if (recheck.affected && recheck.affected.length) {
    box.appendChild(el('h3', { text: t('termbase.affected') }));
    box.appendChild(el('ul', { class: 'tb-affected' }, recheck.affected.map((unit) => {
      // Positions count from 1 for people, as in the review table.
      const label = `${unit.articleSlug || '—'} #${unit.position === null ? '—' : unit.position + 1} (${unit.locale}): ${unit.source}`;
      if (!unit.articleSlug) return el('li', { text: label });
      const href = `/workbench/articles/${encodeURIComponent(unit.articleSlug)}/${encodeURIComponent(unit.locale)}#unit-${unit.id}`;
      return el('li', {}, [el('a', { href, text: label })]);
    })));
  }
  affectedBox.appendChild(box);
}

/** Each row's term as loaded: saving sends it back with the form's values over it, so what the form does not show (term type, kept TBX data categories) stays. */
const loadedTerms = new WeakMap<Element, Term>();

function termRow(term: Term): HTMLDivElement {
  // A term in a kept language (fr, pt-PT …) keeps it: its locale is offered too.
  const locales = LOCALES.includes(term.locale) ? LOCALES : [...LOCALES, term.locale];
  const locale = el('select', { name: 'locale', 'aria-label': t('termbase.locale') }, locales.map((l) => el('option', { value: l, text: l })));
  locale.value = term.locale;
  const text = el('input', { name: 'text', maxlength: 300, required: true, 'aria-label': t('termbase.text') });
  text.value = term.text;
  const status = el('select', { name: 'status', 'aria-label': t('termbase.status') }, STATUSES.map((s) => el('option', { value: s, text: t(`termbase.statuses.${s}`) })));
  status.value = term.status;
  const caseSensitive = el('input', { type: 'checkbox', name: 'caseSensitive' });
  caseSensitive.checked = !!term.caseSensitive;
  const note = el('input', { name: 'note', maxlength: 2000, placeholder: t('termbase.note'), 'aria-label': t('termbase.note') });
  note.value = term.note ?? '';
  // Shown and sent back, so that saving a concept keeps what TBX brought in (noun, verb, …).
  const partOfSpeech = el('input', { name: 'partOfSpeech', maxlength: 40, size: 8, placeholder: t('termbase.partOfSpeech'), 'aria-label': t('termbase.partOfSpeech') });
  partOfSpeech.value = term.partOfSpeech ?? '';
  const row: HTMLDivElement = el('div', { class: 'tb-term-row' }, [
    locale, text, status, el('label', { class: 'wb-inline' }, [caseSensitive, ` ${t('termbase.caseSensitive')}`]), partOfSpeech, note,
    el('button', { type: 'button', class: 'wb-small', text: t('termbase.removeTerm'), onclick: (): void => row.remove() }),
  ]);
  loadedTerms.set(row, term);
  return row;
}

function field<T extends HTMLInputElement | HTMLSelectElement>(row: Element, name: string): T {
  return row.querySelector(`[name=${name}]`) as T;
}

/** Closes the concept form and puts the focus back where the person was. */
function closeEditor(returnTo: HTMLElement | null): void {
  if (!editor) return;
  editor.hidden = true;
  clear(editor);
  if (returnTo && returnTo.isConnected) returnTo.focus();
  else addButton?.focus();
}

function openEditor(opened: Concept | null, opener: HTMLElement | null = null): void {
  if (!editor) return;
  const form = editor;
  // The version this form saves over: the concept as loaded, then as each save returns it.
  let concept = opened;
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
  const subject = el('input', { name: 'subject', maxlength: 200 });
  subject.value = concept?.subject ?? '';
  const message = el('p', { class: 'wb-message', role: 'alert' });
  form.appendChild(el('h2', { text: concept ? `${t('termbase.concept')} ${concept.id}` : t('termbase.add') }));
  form.appendChild(rows);
  form.appendChild(el('button', {
    type: 'button', class: 'wb-small', 'data-action': 'add-term', text: t('termbase.addTerm'),
    onclick: () => rows.appendChild(termRow({ locale: 'en', text: '', status: 'forbidden', caseSensitive: false })),
  }));
  form.appendChild(el('label', {}, [`${t('termbase.subject')} `, subject]));
  form.appendChild(el('label', {}, [`${t('termbase.note')} `, note]));
  form.appendChild(el('div', { class: 'wb-buttons' }, [
    el('button', { type: 'submit', 'data-action': 'save-concept', text: t('termbase.save') }),
    el('button', { type: 'button', 'data-action': 'cancel', text: t('termbase.cancel'), onclick: () => closeEditor(opener) }),
  ]));
  form.appendChild(message);
  form.onsubmit = (event) => {
    event.preventDefault();
    // The concept as loaded, with the form's values over it (kept data categories stay).
    const { id: _id, version: _version, updatedBy: _by, updatedAt: _at, ...kept } = concept ?? ({} as Partial<Concept>);
    const body = {
      ...kept,
      note: note.value,
      subject: subject.value.trim() || null,
      terms: Array.from(rows.querySelectorAll('.tb-term-row'), (row) => ({
        ...loadedTerms.get(row),
        locale: field<HTMLSelectElement>(row, 'locale').value,
        text: field<HTMLInputElement>(row, 'text').value,
        status: field<HTMLSelectElement>(row, 'status').value,
        caseSensitive: field<HTMLInputElement>(row, 'caseSensitive').checked,
        note: field<HTMLInputElement>(row, 'note').value,
        partOfSpeech: field<HTMLInputElement>(row, 'partOfSpeech').value.trim() || null,
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
      concept = result.data.concept;
      const id = concept.id;
      closeEditor(null);
      say(t('termbase.saved', { id }));
      showRecheck(result.data.recheck);
      // The list is drawn anew: focus the saved concept's Edit button in it.
      return load().then(() => document.querySelector<HTMLElement>(`#concept-${CSS.escape(id)} [data-action=edit]`)?.focus());
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
if (addButton) addButton.addEventListener('click', () => openEditor(null, addButton));
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
    if (file) void previewImport(file, formatSelect.value);
  });
}

interface TermChanges { added: Term[]; removed: Term[]; changed: Array<{ before: Term; after: Term; fields: string[] }>; concept: string[] }
interface PlannedChange {
  id: string;
  version: number;
  before: Concept;
  after: { note: string | null; subject: string | null; terms: Term[] };
  editedOutsideImport: { action: string; by: string; at: string } | null;
  conflict: boolean;
  importedBefore: boolean;
  changes: TermChanges;
}
interface PlannedAddition { id: string | null; terms: Term[]; conflict: boolean; deletedOutsideImport: { by: string; at: string } | null }
interface ImportPlan {
  state: string;
  added: PlannedAddition[];
  changed: PlannedChange[];
  unchanged: number;
  editsStay: Array<{ id: string; action: string; by: string; at: string }>;
  absent: Concept[];
}
interface ImportSummary { added: number; updated: number; unchanged: number; kept: string[]; replaced: string[]; removed: string[]; recheck: Recheck }

/** "zh-Hans 码头 (forbidden)"; Chinese puts the status in full-width brackets. */
const termLabel = (term: Term): string => t('termbase.termLabel', { locale: term.locale, text: term.text, status: t(`termbase.statuses.${term.status}`) });

/** What the file does to a concept, term by term: + added, − removed, ~ changed (status shown before → after). */
function termDiff(changes: TermChanges): HTMLElement {
  const items: HTMLElement[] = [];
  for (const term of changes.added) items.push(el('li', { class: 'tb-diff-added' }, [el('ins', { text: `+ ${termLabel(term)}` })]));
  for (const term of changes.removed) items.push(el('li', { class: 'tb-diff-removed' }, [el('del', { text: `− ${termLabel(term)}` })]));
  for (const change of changes.changed) {
    const status = change.before.status !== change.after.status
      ? `${t(`termbase.statuses.${change.before.status}`)} → ${t(`termbase.statuses.${change.after.status}`)}` : '';
    const others = change.fields.filter((f) => f !== 'status').map((f) => t(`termbase.fields.${f}`));
    items.push(el('li', { class: 'tb-diff-changed', text: `~ ${change.after.locale} ${change.after.text}: ${[status, ...others].filter(Boolean).join('; ')}` }));
  }
  for (const field of changes.concept) items.push(el('li', { class: 'tb-diff-changed', text: `~ ${t(`termbase.fields.${field}`)}` }));
  return el('ul', { class: 'tb-diff' }, items);
}

/**
 * Reads the file on the server without writing and shows what the import would add, change
 * (term by term) and leave out, the workbench edits that stay, and each conflict — a concept
 * edited in the workbench that the file changes too — with "keep mine" / "take the file's" to
 * choose. Applying sends the termbase state the preview was made at (If-Match): when someone
 * changed the termbase meanwhile the server answers 409 and the preview is shown again.
 */
async function previewImport(file: File, format: string, notice = ''): Promise<void> {
  const query = `format=${encodeURIComponent(format)}&fileName=${encodeURIComponent(file.name)}`;
  const result = await api<ImportPlan>('POST', `/api/termbase/import?${query}&preview=1`, file);
  const box = byId('tb-import-preview');
  clear(box);
  if (!result.ok) { box.hidden = true; say(errorText(result), true); return; }
  const plan = result.data;
  box.hidden = false;
  box.appendChild(el('h2', { id: 'tb-preview-h', tabindex: -1, text: t('termbase.previewTitle') }));
  if (notice) box.appendChild(el('p', { class: 'wb-message wb-error', role: 'alert', text: notice }));
  const conflicts = [...plan.changed.filter((c) => c.conflict), ...plan.added.filter((a) => a.conflict)];
  box.appendChild(el('p', { class: 'tb-plan-summary' }, [[
    t('termbase.willAdd', { count: plan.added.filter((a) => !a.conflict).length }),
    t('termbase.willChange', { count: plan.changed.filter((c) => !c.conflict).length }),
    t('termbase.conflicts', { count: conflicts.length }),
    t('termbase.unchangedCount', { count: plan.unchanged }),
  ].join(' · ')]));

  const decisions = new Map<string, HTMLInputElement[]>();
  const applyButton = el('button', { type: 'button', 'data-action': 'apply-import', text: t('termbase.apply') });
  const decideNote = el('p', { class: 'wb-note', id: 'tb-decide', 'aria-live': 'polite' });
  const undecided = () => [...decisions].filter(([, radios]) => !radios.some((r) => r.checked)).map(([id]) => id);
  const refresh = () => {
    const left = undecided().length;
    applyButton.disabled = left > 0;
    decideNote.textContent = left > 0 ? t('termbase.decideFirst', { count: left }) : '';
  };

  if (conflicts.length) {
    box.appendChild(el('h3', { text: t('termbase.conflictsTitle') }));
    box.appendChild(el('p', { class: 'wb-note', text: t('termbase.conflictsHelp') }));
    box.appendChild(el('ul', { class: 'tb-plan-conflicts' }, conflicts.map((item) => {
      const id = item.id!;
      const change = 'changes' in item ? item : null;
      const who = change ? change.editedOutsideImport! : (item as PlannedAddition).deletedOutsideImport!;
      const radios = (['keep', 'replace'] as const).map((value) => el('input', { type: 'radio', name: `decide-${id}`, value, onchange: refresh }));
      decisions.set(id, radios);
      return el('li', { 'data-id': id, class: 'tb-edited' }, [
        el('code', { text: id }),
        // A concept made in the workbench was never imported: "since the last import" would not be true of it.
        el('p', { class: 'wb-warning', text: t(!change ? 'termbase.deletedInUi' : !change.importedBefore ? 'termbase.createdInUi' : 'termbase.editedInUi', { by: who.by, at: localTime(who.at) }) }),
        change ? termDiff(change.changes) : el('ul', { class: 'tb-diff' }, (item as PlannedAddition).terms.map((term) => el('li', { class: 'tb-diff-added' }, [el('ins', { text: `+ ${termLabel(term)}` })]))),
        el('fieldset', { class: 'tb-decide' }, [
          el('legend', { text: t('termbase.decide', { id }) }),
          el('label', { class: 'wb-inline' }, [radios[0]!, ` ${change ? t('termbase.keepEdited', { by: who.by }) : t('termbase.keepDeleted')}`]),
          el('label', { class: 'wb-inline' }, [radios[1]!, ` ${t('termbase.takeFile')}`]),
        ]),
      ]);
    })));
  }
  const plain = plan.changed.filter((c) => !c.conflict);
  if (plain.length) {
    box.appendChild(el('h3', { text: t('termbase.changesTitle') }));
    box.appendChild(el('ul', { class: 'tb-plan-changed' }, plain.map((change) =>
      el('li', { 'data-id': change.id }, [el('code', { text: change.id }), termDiff(change.changes)]))));
  }
  const added = plan.added.filter((a) => !a.conflict);
  if (added.length) {
    box.appendChild(el('h3', { text: t('termbase.addedTitle') }));
    box.appendChild(el('ul', { class: 'tb-plan-added' }, added.map((concept) =>
      el('li', { 'data-id': concept.id ?? '' }, [el('code', { text: concept.id ?? t('termbase.newConcept') }), ' ', concept.terms.map(termLabel).join(' · ')]))));
  }
  if (plan.editsStay.length) {
    box.appendChild(el('h3', { text: t('termbase.editsStayTitle') }));
    box.appendChild(el('ul', { class: 'tb-plan-stay' }, plan.editsStay.map((e) => el('li', { 'data-id': e.id }, [
      el('code', { text: e.id }), ' ', t(e.action === 'delete' ? 'termbase.deletionStays' : 'termbase.editStays', { by: e.by, at: localTime(e.at) }),
    ]))));
  }
  const removals: HTMLInputElement[] = [];
  if (plan.absent.length) {
    const details = el('details', { class: 'tb-plan-absent' }, [el('summary', { text: t('termbase.absent', { count: plan.absent.length }) })]);
    details.appendChild(el('ul', {}, plan.absent.map((concept) => {
      const box = el('input', { type: 'checkbox', name: 'remove', value: concept.id });
      removals.push(box);
      return el('li', { 'data-id': concept.id }, [el('label', { class: 'wb-inline' }, [box, ' ', t('termbase.removeConcept', { id: concept.id }), ' ',
        el('span', { class: 'wb-note', text: concept.terms.map(termLabel).join(' · ') })])]);
    })));
    box.appendChild(details);
  }
  if (plan.added.length === 0 && plan.changed.length === 0 && plan.absent.length === 0) {
    box.appendChild(el('p', { class: 'wb-none', text: t('termbase.nothingToDo') }));
    return;
  }
  applyButton.addEventListener('click', () => {
    applyButton.disabled = true;
    const chosen = (value: string) => [...decisions].filter(([, radios]) => radios.some((r) => r.checked && r.value === value)).map(([id]) => id);
    const remove = removals.filter((c) => c.checked).map((c) => c.value);
    const params = [query, ...([['replace', chosen('replace')], ['keep', chosen('keep')], ['remove', remove]] as const)
      .filter(([, ids]) => ids.length).map(([name, ids]) => `${name}=${encodeURIComponent(ids.join(','))}`)].join('&');
    void api<ImportSummary>('POST', `/api/termbase/import?${params}`, file, { 'If-Match': `"${plan.state}"` }).then((done) => {
      if (!done.ok) {
        // Someone changed the termbase since this preview: what the import would do now, decided again.
        // The list below is refreshed too, so the concurrent change shows there as well.
        if (done.status === 409 && done.data?.field === 'If-Match') return Promise.all([load(), previewImport(file, format, t('termbase.stale'))]).then(() => undefined);
        applyButton.disabled = false;
        say(errorText(done), true);
        return;
      }
      const { added: a, updated, unchanged, kept, removed } = done.data;
      box.hidden = true;
      clear(box);
      say([
        t('termbase.imported', { added: a, updated, unchanged }),
        removed.length ? t('termbase.removedConcepts', { count: removed.length, ids: removed.join(', ') }) : '',
        kept.length ? t('termbase.keptEdits', { count: kept.length, ids: kept.join(', ') }) : '',
      ].filter(Boolean).join(' '));
      showRecheck(done.data.recheck);
      return load();
    });
  });
  box.appendChild(el('div', { class: 'wb-buttons' }, [
    applyButton,
    el('button', { type: 'button', 'data-action': 'cancel-import', text: t('termbase.cancel'), onclick: () => { box.hidden = true; clear(box); } }),
  ]));
  box.appendChild(decideNote);
  refresh();
  (notice ? box.querySelector<HTMLElement>('#tb-preview-h') : decisions.size ? box.querySelector<HTMLElement>('.tb-decide input') : applyButton)?.focus();
}
void load();
