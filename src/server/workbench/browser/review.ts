/*
 * The review table: source and target side by side in document order, grouped by paragraph;
 * filters; editing in place with TM suggestions and live findings; approval with the override
 * gate; history; alignment repair; work queues (needs review, outdated, with errors, mine) and
 * the keyboard (the `?` overlay lists every key; pages.ts's SHORTCUTS is the same list).
 */
import { api, byId, clear, config, el, errorText, findingList, highlighted, originLabel, publishedNote, releasedPages, t, type ApiResult } from './common';
import { attachCodeKeys } from './inline-chips';
import type { DiffOp, Finding, HistoryEntry, LocaleProgress, Match, Unit } from './types';
import { commentsLabel, loadThreads, showAssignments, threadCounts, threadView } from './collaboration';
import { approveEverything, approveSelection, markSelectionTranslated, recheckSelection, type BulkContext } from './bulk';
import { setupConcordance } from './concordance';

interface ReviewConfig {
  slug: string;
  locale: string;
  localeLabel: string;
  sourceLabel: string;
  sourceLocale: string;
}
const { slug, locale, localeLabel, sourceLabel, sourceLocale } = config as unknown as ReviewConfig;
const canEdit = !!config.user && (config.user.role === 'editor' || config.user.role === 'admin');

const tbody = byId<HTMLTableSectionElement>('wb-units');
const statusLine = byId('wb-status');
const progressLine = byId('wb-progress');
const filters = byId<HTMLFormElement>('wb-filters');
const checkSelect = byId<HTMLSelectElement>('wb-check');
const selectAll = byId<HTMLInputElement>('wb-select-all');
const approveSelectedButton = byId<HTMLButtonElement>('wb-approve-selected');
const approveAllButton = byId<HTMLButtonElement>('wb-approve-all');
const markTranslatedButton = byId<HTMLButtonElement>('wb-mark-translated');
const recheckButton = byId<HTMLButtonElement>('wb-recheck');
const selectedLabel = byId('wb-selected');
const queueBar = byId('wb-queues');
const keysDialog = byId<HTMLDialogElement>('wb-keys-dialog');
const keysOpen = byId<HTMLButtonElement>('wb-keys-open');
const assignmentsBox = byId('wb-assignments');

const QUEUES = ['', 'review', 'outdated', 'errors', 'mine'] as const;
type QueueName = (typeof QUEUES)[number];
const askedQueue = new URLSearchParams(window.location.search).get('queue') ?? '';
/** The work queue shown ('' = every unit), kept in the address (`?queue=`) so a reload or a link keeps it. */
let queue: QueueName = (QUEUES as readonly string[]).includes(askedQueue) ? askedQueue as QueueName : '';

let units: Unit[] = [];
const selected = new Set<number>();
const knownChecks = new Set<string>();
let current = -1;
/** The open detail row (editor, history, override, split, source edit). */
let detail: { id: number; kind: string; row: HTMLTableRowElement } | null = null;

const articlePath = `/api/articles/${encodeURIComponent(slug)}`;
const unitsPath = (id: number): string => `/api/units/${id}`;
const ifMatch = (version: number): Record<string, string> => ({ 'If-Match': `"${version}"` });

function say(message: string, isError = false): void {
  statusLine.textContent = message;
  statusLine.className = `wb-status${isError ? ' wb-error' : ''}`;
}

function sayError(result: ApiResult<unknown>): void {
  say(t('review.error', { message: errorText(result) }), true);
}

// ---------------------------------------------------------------- loading

function filterQuery(): string {
  const data = new FormData(filters);
  const params = new URLSearchParams({ locale });
  for (const name of ['status', 'origin', 'check', 'q']) {
    const value = String(data.get(name) ?? '').trim();
    if (value) params.set(name, value);
  }
  if (data.get('findings')) params.set('findings', '1');
  if (queue) params.set('queue', queue);
  return params.toString();
}

async function load(): Promise<void> {
  const [result] = await Promise.all([api<Unit[]>('GET', `${articlePath}/units?${filterQuery()}`), loadThreads(articlePath, locale)]);
  if (!result.ok) {
    sayError(result);
  } else {
    units = result.data;
    selected.clear();
    detail = null;
    for (const u of units) for (const f of u.findings) knownChecks.add(f.checkId);
    fillChecks();
    render();
    say(queue ? t('queues.shown', { queue: t(`queues.${queue}`), count: units.length }) : t('review.shown', { count: units.length }));
  }
  await loadProgress();
}

/** Shows another queue: its units, the first one current (and focused when chosen by key). */
async function showQueue(name: QueueName, focus: boolean): Promise<void> {
  queue = name;
  const url = new URL(window.location.href);
  if (name) url.searchParams.set('queue', name); else url.searchParams.delete('queue');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  for (const button of Array.from(queueBar.querySelectorAll<HTMLButtonElement>('button[data-queue]'))) {
    button.setAttribute('aria-pressed', String(button.getAttribute('data-queue') === name));
  }
  current = -1;
  await load();
  if (units.length) setCurrent(0, focus);
  else if (focus) queueBar.querySelector<HTMLButtonElement>(`button[data-queue="${name}"]`)?.focus();
}

async function loadQueueCounts(): Promise<void> {
  const result = await api<Record<string, number>>('GET', `${articlePath}/queues?locale=${encodeURIComponent(locale)}`);
  if (!result.ok) return;
  for (const span of Array.from(queueBar.querySelectorAll<HTMLElement>('[data-count-for]'))) {
    const count = result.data[span.getAttribute('data-count-for') ?? ''];
    span.textContent = count === undefined ? '' : `(${count})`;
  }
}

/** Every locale's release and working version, as last loaded: the warnings below read it. */
let progress: LocaleProgress[] = [];
const day = (iso: string): string => iso.slice(0, 10);

/** "published version N (date) · working version M · k units to approve" (pages.ts writes the same on the articles page). */
function versionsLine(p: LocaleProgress): HTMLElement {
  const release = p.release;
  return el('span', { class: 'wb-versions', id: 'wb-versions' }, [
    release
      ? el('span', { class: 'wb-release', 'data-version': release.version, text: t('versions.published', { version: release.version, date: day(release.publishedAt) }) })
      : el('span', { class: 'wb-release wb-none', text: t('versions.unpublished') }),
    ' · ',
    el('span', { class: 'wb-working', 'data-version': p.workingVersion, text: t('versions.working', { version: p.workingVersion }) }),
    ' · ',
    el('span', { class: 'wb-to-approve', 'data-count': p.toApprove, text: t(p.locale === sourceLocale ? 'versions.toFix' : 'versions.toApprove', { count: p.toApprove }) }),
  ]);
}

/**
 * Said before an action that changes what a published page's next release will be: readers keep
 * the release until the new working version is approved (nothing goes offline), and the editor
 * sees which pages will need approving again. `target`: this locale only (editing an approved
 * translation); `source`: every published locale (source edits and alignment repairs change the
 * structure all of them share). Null when nothing affected is published.
 */
function publishedWarning(scope: 'target' | 'source'): HTMLElement | null {
  if (scope === 'target') {
    const p = progress.find((x) => x.locale === locale);
    if (!p?.release) return null;
    const next = p.workingVersion > p.release.version ? p.workingVersion : p.release.version + 1;
    return publishedNote(t('versions.warnTarget', { locale: localeLabel, version: p.release.version, date: day(p.release.publishedAt), next }));
  }
  const released = progress.flatMap((p) => p.release ? [{ locale: p.locale, ...p.release }] : []);
  return released.length === 0 ? null : publishedNote(t('versions.warnSource', { pages: releasedPages(released) }));
}

async function loadProgress(): Promise<void> {
  void loadQueueCounts();
  const result = await api<{ progress?: LocaleProgress[] }>('GET', articlePath);
  if (!result.ok) return;
  progress = result.data.progress ?? [];
  const p = progress.find((x) => x.locale === locale);
  if (!p) return;
  clear(progressLine);
  for (const s of ['new', 'draft', 'translated', 'approved'] as const) {
    progressLine.appendChild(el('span', { class: `wb-count wb-st-${s}`, 'data-status': s }, [`${t(`status.${s}`)} `, el('strong', { text: p.counts[s] })]));
  }
  progressLine.appendChild(el('span', { class: `wb-count${p.errorFindings ? ' wb-has-errors' : ''}` }, [`${t('articles.errors')} `, el('strong', { text: p.errorFindings })]));
  progressLine.appendChild(versionsLine(p));
  if (p.published) {
    progressLine.appendChild(el('a', {
      class: 'wb-badge wb-published', id: 'wb-public-link',
      href: `/${locale}/articles/${encodeURIComponent(slug)}`, text: `${t('articles.published')} — ${t('review.publicPage')}`,
    }));
  } else if (p.release) {
    // Never released, the versions line says "not published" already.
    progressLine.appendChild(el('span', { class: 'wb-badge', title: p.reason ?? '', text: t('articles.notPublished') }));
  }
}

function fillChecks(): void {
  const chosen = checkSelect.value;
  while (checkSelect.options.length > 1) checkSelect.remove(1);
  for (const id of Array.from(knownChecks).sort()) checkSelect.appendChild(el('option', { value: id, text: id }));
  checkSelect.value = chosen;
}

// ---------------------------------------------------------------- rendering

function badge(kind: string, value: string, label?: string): HTMLSpanElement {
  return el('span', { class: `wb-badge wb-${kind}-${value.replace(/[^a-z0-9-]/gi, '-')}`, text: label || value });
}

function beadCell(unit: Unit): HTMLTableCellElement {
  if (!unit.bead) return el('td', { class: 'wb-bead' }, ['—']);
  return el('td', { class: `wb-bead${unit.bead.lowConfidence ? ' wb-low' : ''}`, title: unit.bead.lowConfidence ? t('review.lowConfidence') : null }, [
    `${unit.bead.type} · ${Number(unit.bead.score).toFixed(2)}`,
  ]);
}

function actionButton(label: string, action: string, unit: Unit, extra?: Record<string, string | boolean>): HTMLButtonElement {
  return el('button', { type: 'button', class: 'wb-small', 'data-action': action, 'data-id': unit.id, text: label, ...extra });
}

/** A unit's number for people: positions count from 0 in the store, from 1 on screen (as paragraphs do). */
function shownNumber(unit: Unit): string {
  return unit.position === null ? '—' : String(unit.position + 1);
}

function unitRow(unit: Unit): HTMLTableRowElement {
  const row = el('tr', {
    id: `unit-${unit.id}`, 'data-id': unit.id, tabindex: '-1',
    class: `wb-unit wb-st-${unit.target.status}${unit.blocked ? ' wb-blocked' : ''}${unit.bead?.lowConfidence ? ' wb-low-confidence' : ''}`,
  });
  const box = el('input', { type: 'checkbox', class: 'wb-select', 'aria-label': `${t('review.select')} ${shownNumber(unit)}` });
  box.checked = selected.has(unit.id);
  box.addEventListener('change', () => {
    if (box.checked) selected.add(unit.id); else selected.delete(unit.id);
    updateSelection();
  });
  const target = unit.target.text
    ? highlighted(unit.target.text, unit.findings, 'target', unit.codes)
    : el('em', { class: 'wb-empty', text: '—' });
  const origin = originLabel(unit.target.origin) + (unit.matchScore !== null && unit.matchScore !== undefined ? ` ${unit.matchScore}%` : '');
  const repair = actionButton(t('review.repair'), 'repair', unit, { 'aria-haspopup': 'true' });
  row.appendChild(el('td', {}, [box]));
  row.appendChild(el('td', { class: 'wb-num', text: shownNumber(unit) }));
  row.appendChild(el('td', { class: 'wb-source', lang: unit.source.locale, 'data-label': sourceLabel }, [highlighted(unit.source.text, unit.findings, 'source', unit.codes), sourceChange(unit)]));
  row.appendChild(el('td', { class: 'wb-target', lang: unit.target.locale, 'data-label': localeLabel }, [target]));
  row.appendChild(el('td', {}, [badge('st', unit.target.status, t(`status.${unit.target.status}`))]));
  row.appendChild(el('td', {}, [badge('origin', unit.target.origin, origin)]));
  row.appendChild(beadCell(unit));
  row.appendChild(el('td', { class: 'wb-findings-cell', 'data-label': unit.findings.length ? t('review.findings') : null }, [unit.findings.length ? findingList(unit.findings) : '']));
  row.appendChild(el('td', { class: 'wb-actions' }, [
    actionButton(t('review.edit'), 'edit', unit),
    actionButton(t('review.approve'), 'approve', unit, { disabled: unit.target.status === 'approved' }),
    actionButton(t('review.suggestions'), 'suggestions', unit),
    actionButton(t('review.history'), 'history', unit),
    commentsButton(unit),
    canEdit ? actionButton(t('review.editSource'), 'edit-source', unit) : null,
    repair,
  ]));
  row.addEventListener('click', (event) => {
    const index = units.findIndex((u) => u.id === unit.id);
    if (index >= 0 && !(event.target instanceof HTMLButtonElement)) setCurrent(index, false);
  });
  return row;
}

function commentsButton(unit: Unit): HTMLButtonElement {
  const button = actionButton(commentsLabel(unit.id), 'comments', unit);
  if (threadCounts(unit.id).open > 0) button.classList.add('wb-has-comments');
  return button;
}

/** The unit's comment thread in a row under it; a post or a resolve updates its button and "mine". */
function openComments(unit: Unit): void {
  const view = threadView(unit, () => {
    const old = document.querySelector(`#unit-${unit.id} button[data-action=comments]`);
    if (old) old.replaceWith(commentsButton(unit));
    void loadQueueCounts();
  }, () => closeDetail(true));
  openDetail(unit, 'comments', view);
  view.querySelector('textarea')?.focus();
}

function render(): void {
  clear(tbody);
  if (units.length === 0) {
    tbody.appendChild(el('tr', {}, [el('td', { colspan: 9, class: 'wb-none', text: t('review.empty') })]));
  }
  let paragraph: number | null = null;
  for (const unit of units) {
    if (unit.paragraph !== paragraph) {
      paragraph = unit.paragraph;
      tbody.appendChild(el('tr', { class: 'wb-para' }, [el('th', { colspan: 9, scope: 'rowgroup', text: t('review.paragraph', { n: (paragraph ?? 0) + 1 }) })]));
    }
    tbody.appendChild(unitRow(unit));
  }
  if (current >= units.length) current = units.length - 1;
  if (current >= 0) markCurrent();
  updateSelection();
}

function replaceUnit(unit: Unit): void {
  const index = units.findIndex((u) => u.id === unit.id);
  if (index < 0) return;
  units[index] = unit;
  for (const f of unit.findings) knownChecks.add(f.checkId);
  const old = document.getElementById(`unit-${unit.id}`);
  const hadFocus = !!old && old.contains(document.activeElement);
  const fresh = unitRow(unit);
  if (old) old.replaceWith(fresh);
  if (index === current) markCurrent();
  // A button pressed in the old row is gone: the focus stays on the unit, not on the page.
  if (hadFocus) fresh.focus({ preventScroll: true });
}

function updateSelection(): void {
  selectedLabel.textContent = selected.size ? t('review.selected', { count: selected.size }) : '';
  for (const button of [approveSelectedButton, markTranslatedButton, recheckButton]) button.disabled = selected.size === 0;
  selectAll.checked = units.length > 0 && selected.size === units.length;
}

// ---------------------------------------------------------------- current unit, keyboard

function markCurrent(): HTMLElement | null {
  for (const r of Array.from(tbody.querySelectorAll('.wb-current'))) r.classList.remove('wb-current');
  const unit = units[current];
  const row = unit ? document.getElementById(`unit-${unit.id}`) : null;
  if (row) row.classList.add('wb-current');
  return row;
}

function setCurrent(index: number, focus = true): void {
  if (units.length === 0) return;
  current = Math.max(0, Math.min(units.length - 1, index));
  const row = markCurrent();
  if (row && focus) {
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: 'nearest' });
  }
}

/** The unit's row, focused (where the focus goes back to when a form under it closes). */
function focusCurrentRow(): void {
  const unit = units[current];
  const row = unit ? document.getElementById(`unit-${unit.id}`) : null;
  if (row) row.focus({ preventScroll: true });
}

function toggleSelected(unit: Unit): void {
  if (selected.has(unit.id)) selected.delete(unit.id); else selected.add(unit.id);
  const box = document.querySelector<HTMLInputElement>(`#unit-${unit.id} input.wb-select`);
  if (box) box.checked = selected.has(unit.id);
  updateSelection();
}

function openKeys(): void {
  if (keysDialog.open) return;
  const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
  keysDialog.showModal();
  keysDialog.addEventListener('close', () => {
    // Back where the person was: the unit row, or the button that opened the list.
    if (opener && document.contains(opener)) opener.focus({ preventScroll: true }); else focusCurrentRow();
  }, { once: true });
}

document.addEventListener('keydown', (event) => {
  if (keysDialog.open) return; // the dialog closes itself on Esc
  const target = event.target;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
  if (event.key === 'Escape') {
    if (detail) { event.preventDefault(); closeDetail(true); }
    else if (typing && target.closest('#wb-filters')) { target.blur(); focusCurrentRow(); }
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || typing) return;
  // Keys on a focused button or link keep their own meaning (Enter presses it, arrows scroll).
  const onControl = target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement;
  const unit = units[current];
  if (/^[1-5]$/.test(event.key)) { void showQueue(QUEUES[Number(event.key) - 1]!, true); event.preventDefault(); return; }
  switch (event.key) {
    case 'j': setCurrent(current + 1); break;
    case 'ArrowDown': if (onControl) return; setCurrent(current + 1); break;
    case 'k': setCurrent(current < 0 ? 0 : current - 1); break;
    case 'ArrowUp': if (onControl) return; setCurrent(current < 0 ? 0 : current - 1); break;
    case 'Enter': if (onControl || !unit) return; openEditor(unit, false); break;
    case 'e': if (unit) openEditor(unit, false); break;
    case 's': if (unit) openEditor(unit, true); break;
    case 'a': if (unit) void approveAndNext(unit); break;
    case 'x': if (unit) toggleSelected(unit); break;
    case 'h': if (unit) void openHistory(unit); break;
    case 'c': if (unit) openComments(unit); break;
    case 'r': if (unit) openRepair(unit); break;
    case '/': filters.querySelector<HTMLInputElement>('input[name=q]')?.focus(); break;
    case '?': openKeys(); break;
    default: return;
  }
  event.preventDefault();
});

/** `a`: approve the current unit; once approved, the next unit of the queue is current. */
async function approveAndNext(unit: Unit): Promise<void> {
  if (await approve(unit)) advanceFrom(unit.id);
}

/** Makes the unit after this one current (and focused); at the end of the list, says the queue is done. */
function advanceFrom(id: number): Unit | null {
  const index = units.findIndex((u) => u.id === id);
  if (index >= 0 && index + 1 < units.length) { setCurrent(index + 1); return units[index + 1]!; }
  if (index >= 0) setCurrent(index);
  if (queue) say(t('queues.done', { queue: t(`queues.${queue}`) }));
  return null;
}

// ---------------------------------------------------------------- detail rows

/** Closes the form under a unit; with `focus`, the focus goes back to that unit's row (never lost to the page). */
function closeDetail(focus = false): void {
  const id = detail?.id;
  if (detail && detail.row.parentNode) detail.row.parentNode.removeChild(detail.row);
  detail = null;
  if (focus && id !== undefined) {
    const index = units.findIndex((u) => u.id === id);
    if (index >= 0) setCurrent(index);
  }
}

/** Opens a row right under the unit's row (editing happens in place, in the table). */
function openDetail(unit: Unit, kind: string, content: Node): HTMLTableRowElement | null {
  closeDetail();
  const unitRowElement = document.getElementById(`unit-${unit.id}`);
  if (!unitRowElement) return null;
  const cell = el('td', { colspan: 9 }, [content]);
  const row = el('tr', { class: `wb-detail wb-detail-${kind}`, 'data-for': unit.id }, [cell]);
  unitRowElement.after(row);
  detail = { id: unit.id, kind, row };
  return row;
}

// ---------------------------------------------------------------- editing

function diffView(ops: DiffOp[] | undefined): HTMLSpanElement {
  return el('span', { class: 'wb-diff' }, (ops ?? []).map((op) => {
    if (op.op === 'insert') return el('ins', { text: op.text, title: 'in this source only' });
    if (op.op === 'delete') return el('del', { text: op.text, title: 'in the match only' });
    return document.createTextNode(op.text);
  }));
}

/** The table's sticky header row: what covers the top of the window over the editor (0 where it is hidden, on phones). */
function stickyTop(): number {
  const head = document.querySelector('#wb-review thead');
  const box = head?.getBoundingClientRect();
  return box && box.height > 1 ? box.height : 0;
}

/**
 * The textarea grows with its text — rows, not a style (the CSP allows no inline styles) — up to
 * 30 lines and never taller than the window leaves room for once the source and the best match
 * above it are in view; past that it scrolls inside, so all three stay on screen while typing.
 */
function grow(textarea: HTMLTextAreaElement): void {
  const source = textarea.closest('.wb-editor-main')?.querySelector('.wb-editor-source');
  const above = source ? textarea.getBoundingClientRect().top - source.getBoundingClientRect().top : 0;
  const room = window.innerHeight - stickyTop() - above - 12;
  textarea.rows = 3;
  while (textarea.scrollHeight > textarea.clientHeight && textarea.rows < 30 && textarea.getBoundingClientRect().height + 24 <= room) textarea.rows += 1;
}

/** Scrolls the page (only as far as needed) so the editor's source, best match and textarea are all in the window. */
function keepEditorInView(textarea: HTMLTextAreaElement): void {
  const source = textarea.closest('.wb-editor-main')?.querySelector('.wb-editor-source');
  if (!source) return;
  const top = source.getBoundingClientRect().top - stickyTop() - 4;
  const bottom = textarea.getBoundingClientRect().bottom + 4 - window.innerHeight;
  if (bottom > 0) window.scrollBy(0, Math.min(bottom, Math.max(top, 0)));
  else if (top < 0) window.scrollBy(0, top);
}

function openEditor(unit: Unit, focusSuggestions: boolean): void {
  const state: { version: number; inserted: string | null; insertedFrom: number | null } = { version: unit.version, inserted: null, insertedFrom: null };
  const textarea = el('textarea', { class: 'wb-edit-text', rows: 3, lang: unit.target.locale, 'aria-label': localeLabel });
  textarea.value = unit.target.text;
  // Inline codes by keyboard: Alt+. inserts the next missing one, Alt+Shift+←/→ moves one.
  attachCodeKeys(textarea, unit.source.text, () => textarea.dispatchEvent(new Event('input', { bubbles: true })));
  const preview = el('div', { class: 'wb-preview', lang: unit.target.locale });
  const live = el('div', { class: 'wb-live' });
  const suggestions = el('div', { class: 'wb-suggestions', tabindex: '-1' }, [el('p', { class: 'wb-none', text: t('review.loading') })]);
  const message = el('p', { class: 'wb-message', role: 'status' });
  const conflict = el('div', { class: 'wb-conflict', hidden: true });
  // The memory's best match sits between the source and the text being typed: both stay in view.
  const bestMatch = el('div', { class: 'wb-best-match', 'aria-live': 'polite' }, [el('span', { class: 'wb-none', text: t('review.loading') })]);
  let matches: Match[] = [];

  function showFindings(findings: Finding[]): void {
    clear(preview).appendChild(highlighted(textarea.value, findings, 'target', unit.codes));
    clear(live).appendChild(el('h4', { text: t('review.liveFindings') }));
    live.appendChild(findingList(findings));
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let checkSeq = 0;
  async function checkDraft(): Promise<void> {
    const seq = ++checkSeq;
    const result = await api<{ findings: Finding[] }>('POST', `${unitsPath(unit.id)}/check`, { text: textarea.value });
    if (seq !== checkSeq) return;
    if (result.ok) showFindings(result.data.findings);
  }
  textarea.addEventListener('input', () => {
    grow(textarea);
    keepEditorInView(textarea);
    clearTimeout(timer);
    timer = setTimeout(() => { void checkDraft(); }, 250);
  });

  function insertMatch(match: Match): void {
    textarea.value = match.target;
    state.inserted = match.target;
    state.insertedFrom = match.unitId;
    grow(textarea);
    textarea.focus();
    void checkDraft();
  }

  textarea.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      void save(undefined, true);
      return;
    }
    // Alt+1…3 by the physical key: on some layouts Alt+digit types another character.
    const n = /^Digit([1-9])$/.exec(event.code);
    if (event.altKey && n) {
      const match = matches[Number(n[1]) - 1];
      if (match) { event.preventDefault(); insertMatch(match); }
    }
  });

  async function save(status?: 'draft', next = false): Promise<void> {
    const text = textarea.value;
    const fromTm = state.inserted !== null && text === state.inserted;
    // The server sets origin and score from the match named; an edited insert is the translator's own.
    const body: Record<string, unknown> = { text };
    if (fromTm && state.insertedFrom !== null) body.fromMatch = state.insertedFrom;
    if (status) body.status = status;
    message.textContent = '';
    const result = await api<Unit>('PUT', unitsPath(unit.id), body, ifMatch(state.version));
    if (result.ok) {
      closeDetail();
      replaceUnit(result.data);
      say(t('review.saved'));
      void loadProgress();
      if (next) {
        // Ctrl+Enter: straight on to the next unit of the queue, its editor open.
        const following = advanceFrom(unit.id);
        if (following) openEditor(following, false);
      } else {
        setCurrent(units.findIndex((u) => u.id === unit.id));
      }
      return;
    }
    const current = result.data?.current as Unit | undefined;
    if (result.status === 409 && current) {
      showConflict(current);
      return;
    }
    message.textContent = t('review.error', { message: errorText(result) });
    message.className = 'wb-message wb-error';
  }

  function showConflict(currentUnit: Unit): void {
    clear(conflict);
    conflict.hidden = false;
    conflict.appendChild(el('p', { class: 'wb-error', role: 'alert', text: t('review.conflict', { version: currentUnit.version }) }));
    conflict.appendChild(el('div', { class: 'wb-compare' }, [
      el('div', {}, [el('h4', { text: t('review.yours') }), el('p', { class: 'wb-yours', lang: unit.target.locale, text: textarea.value })]),
      el('div', {}, [el('h4', { text: t('review.theirs') }), el('p', { class: 'wb-theirs', lang: unit.target.locale, text: currentUnit.target.text })]),
    ]));
    conflict.appendChild(el('div', { class: 'wb-buttons' }, [
      el('button', {
        type: 'button', 'data-action': 'keep-mine', text: t('review.keepMine'), onclick: () => {
          state.version = currentUnit.version;
          conflict.hidden = true;
          void save();
        },
      }),
      el('button', {
        type: 'button', 'data-action': 'take-theirs', text: t('review.takeTheirs'), onclick: () => {
          state.version = currentUnit.version;
          textarea.value = currentUnit.target.text;
          conflict.hidden = true;
          replaceUnit(currentUnit);
          openEditor(currentUnit, false);
        },
      }),
    ]));
  }

  const form = el('form', { class: 'wb-editor', onsubmit: (event) => { event.preventDefault(); void save(); } }, [
    el('div', { class: 'wb-editor-main' }, [
      unit.target.status === 'approved' ? publishedWarning('target') : null,
      el('p', { class: 'wb-editor-source', lang: unit.source.locale }, [highlighted(unit.source.text, unit.findings, 'source', unit.codes)]),
      bestMatch,
      textarea,
      preview,
      el('div', { class: 'wb-buttons' }, [
        el('button', { type: 'submit', 'data-action': 'save', text: t('review.save') }),
        el('button', { type: 'button', 'data-action': 'save-draft', text: t('review.saveDraft'), onclick: () => { void save('draft'); } }),
        el('button', { type: 'button', 'data-action': 'cancel', text: t('review.cancel'), onclick: () => closeDetail(true) }),
      ]),
      message,
      conflict,
      live,
    ]),
    el('div', { class: 'wb-editor-side' }, [el('h4', { text: t('review.suggestions') }), suggestions]),
  ]);
  openDetail(unit, 'editor', form);
  showFindings(unit.findings);
  grow(textarea);
  keepEditorInView(textarea);
  if (focusSuggestions) suggestions.focus();
  else {
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  }

  void api<Match[]>('GET', `${unitsPath(unit.id)}/matches`).then((result) => {
    clear(suggestions);
    clear(bestMatch);
    if (!result.ok) { suggestions.appendChild(el('p', { class: 'wb-error', text: errorText(result) })); return; }
    matches = result.data;
    const best = result.data[0];
    if (best) {
      bestMatch.appendChild(el('span', { class: 'wb-best-label', text: `${t('review.bestMatch')} ` }));
      bestMatch.appendChild(el('span', { class: 'wb-score', text: `${best.score}%` }));
      bestMatch.appendChild(el('span', { class: 'wb-best-target', lang: unit.target.locale, text: ` ${best.target} ` }));
      bestMatch.appendChild(el('button', {
        type: 'button', class: 'wb-small', 'data-action': 'insert-best', 'aria-keyshortcuts': 'Alt+1', text: `${t('review.insert')} (Alt+1)`,
        onclick: () => insertMatch(best),
      }));
    } else {
      bestMatch.appendChild(el('span', { class: 'wb-none', text: t('review.noBestMatch') }));
    }
    if (result.data.length === 0) { suggestions.appendChild(el('p', { class: 'wb-none', text: t('review.noSuggestions') })); return; }
    suggestions.appendChild(el('ol', { class: 'wb-matches' }, result.data.map((match, i) => el('li', { class: 'wb-match' }, [
      el('span', { class: 'wb-score', text: `${match.score}%` }),
      match.penalty && match.penalty.points
        ? el('span', { class: 'wb-penalty', text: ` ${t('review.penalty')} −${match.penalty.points} (${match.penalty.reasons.join(', ')})` })
        : null,
      el('div', { class: 'wb-match-source', lang: unit.source.locale, title: t('review.matchSource') }, [diffView(match.diff)]),
      el('div', { class: 'wb-match-target', lang: unit.target.locale, text: match.target }),
      el('button', {
        type: 'button', class: 'wb-small', 'data-action': 'insert', 'data-index': i,
        text: i < 9 ? `${t('review.insert')} (Alt+${i + 1})` : t('review.insert'), onclick: () => insertMatch(match),
      }),
    ]))));
    if (focusSuggestions) {
      const first = suggestions.querySelector('button');
      if (first) first.focus();
    }
  });
}

// ---------------------------------------------------------------- approval

async function approve(unit: Unit, overrides?: Array<{ checkId: string; reason: string }>): Promise<boolean> {
  // Nothing to send: approving again would only repeat the history entry; an empty target has nothing to approve.
  if (unit.target.status === 'approved' && !overrides) { say(t('review.alreadyApproved', { n: shownNumber(unit) })); return false; }
  if (unit.target.text.trim() === '') { say(t('review.untranslated', { n: shownNumber(unit) }), true); return false; }
  const body = overrides ? { overrides } : {};
  // The version approved is the one shown: a newer text is a conflict (409), never approved unseen.
  const result = await api<Unit>('POST', `${unitsPath(unit.id)}/approve`, body, ifMatch(unit.version));
  if (result.ok) {
    if (detail && detail.id === unit.id) closeDetail();
    replaceUnit(result.data);
    say(t('review.approved'));
    await loadProgress();
    return true;
  }
  const findings = result.data?.findings as Finding[] | undefined;
  if (result.status === 409 && findings) {
    openOverride(unit, findings);
    return false;
  }
  sayError(result);
  return false;
}

/**
 * The override form: every error check of the unit at once, each with its findings and its own
 * written reason, sent together (an approval needs them all covered).
 */
function openOverride(unit: Unit, findings: Finding[]): void {
  const errors = findings.filter((f) => f.severity === 'error');
  const checks = Array.from(new Set(errors.map((f) => f.checkId)));
  const reasons = checks.map((checkId) => el('textarea', { name: 'reason', rows: 2, maxlength: 2000, 'data-check-id': checkId, 'aria-label': `${t('review.overrideReason')}: ${checkId}` }));
  const message = el('p', { class: 'wb-message', role: 'alert' });
  const form = el('form', {
    class: 'wb-override', onsubmit: (event) => {
      event.preventDefault();
      const empty = reasons.find((r) => !r.value.trim());
      if (empty) {
        message.textContent = t('review.reasonRequired');
        message.className = 'wb-message wb-error';
        empty.focus();
        return;
      }
      void approve(unit, checks.map((checkId, i) => ({ checkId, reason: reasons[i]!.value }))).then((ok) => { if (ok) advanceFrom(unit.id); });
    },
  }, [
    el('p', { class: 'wb-error', text: t('review.blocked') }),
    ...checks.map((checkId, i) => el('fieldset', { class: 'wb-override-check', 'data-check-id': checkId }, [
      el('legend', {}, [`${t('review.overrideCheck')} `, el('code', { text: checkId })]),
      findingList(errors.filter((f) => f.checkId === checkId)),
      el('label', {}, [`${t('review.overrideReason')} `, reasons[i]!]),
    ])),
    el('div', { class: 'wb-buttons' }, [
      el('button', { type: 'submit', 'data-action': 'override', text: checks.length > 1 ? t('review.overrideAll', { count: checks.length }) : t('review.override') }),
      el('button', { type: 'button', text: t('review.cancel'), onclick: () => closeDetail(true) }),
    ]),
    message,
  ]);
  // Ctrl+Enter in a reason: override and approve (as in the editor: the form's main action, then the next unit).
  form.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') { event.preventDefault(); form.requestSubmit(); }
  });
  openDetail(unit, 'override', form);
  say(t('review.blocked'), true);
  reasons[0]?.focus();
}

const bulkContext: BulkContext = {
  articlePath, locale, box: byId('wb-bulk'), units: () => units,
  reload: () => load(), say,
};

async function usePreferredTerms(): Promise<void> {
  const result = await api<{ changed: unknown[] }>('POST', `${articlePath}/preferred-terms`, {});
  if (!result.ok) { sayError(result); return; }
  await load();
  const count = result.data.changed.length;
  say(count ? t('review.preferredTermsDone', { count }) : t('review.preferredTermsNone'), false);
}


// ---------------------------------------------------------------- history

async function openHistory(unit: Unit): Promise<void> {
  const result = await api<HistoryEntry[]>('GET', `${unitsPath(unit.id)}/history`);
  if (!result.ok) { sayError(result); return; }
  const headings = [t('review.when'), t('review.who'), t('review.what'), t('review.text'), t('review.why')];
  const table = el('table', { class: 'wb-history' }, [
    el('caption', { text: t('review.historyTitle', { id: unit.id }) }),
    el('thead', {}, [el('tr', {}, headings.map((h) => el('th', { scope: 'col', text: h })))]),
    el('tbody', {}, result.data.map((entry) => el('tr', {}, [
      el('td', { text: entry.at }),
      el('td', { text: entry.by }),
      el('td', { text: `${entry.action} → ${t(`status.${entry.status}`)} (${originLabel(entry.origin)})` }),
      el('td', { lang: unit.target.locale, text: entry.target }),
      el('td', { text: entry.reason ?? '' }),
    ]))),
  ]);
  const close = el('button', { type: 'button', 'data-action': 'close-history', text: t('review.close'), onclick: () => closeDetail(true) });
  openDetail(unit, 'history', el('div', {}, [table, close]));
  // As every other form under a unit: the focus inside it (Esc or Close brings it back to the row).
  close.focus({ preventScroll: true });
  table.scrollIntoView({ block: 'nearest' });
}

// ---------------------------------------------------------------- repair and source edits

async function afterRepair(request: Promise<ApiResult<unknown>>): Promise<void> {
  const result = await request;
  if (!result.ok) { sayError(result); return; }
  await load();
}

/**
 * The alignment repairs of a unit, in a full-width row under it (not a popover over the next
 * row): each says what it does to which side.
 */
function openRepair(unit: Unit): void {
  const buttons = [
    actionButton(t('review.merge'), 'merge', unit),
    actionButton(t('review.split'), 'split', unit),
    actionButton(t('review.moveNextTarget'), 'move-target-next', unit),
    actionButton(t('review.movePrevTarget'), 'move-target-previous', unit),
    actionButton(t('review.moveNextSource'), 'move-source-next', unit),
    actionButton(t('review.movePrevSource'), 'move-source-previous', unit),
  ];
  const panel = el('div', { class: 'wb-repair', role: 'group', 'aria-label': t('review.repairTitle', { n: shownNumber(unit) }) }, [
    el('h4', { text: t('review.repairTitle', { n: shownNumber(unit) }) }),
    publishedWarning('source'),
    el('div', { class: 'wb-repair-items' }, buttons),
    el('div', { class: 'wb-buttons' }, [el('button', { type: 'button', 'data-action': 'close-repair', text: t('review.close'), onclick: () => closeDetail(true) })]),
  ]);
  const row = openDetail(unit, 'repair', panel);
  // The buttons carry data-id: the table's click handler runs them like the row's own.
  if (row) buttons[0]!.focus();
}

function openSplit(unit: Unit): void {
  const source = el('textarea', { readonly: true, rows: 3, lang: unit.source.locale, class: 'wb-split-source' });
  source.value = unit.source.text;
  const target = el('textarea', { readonly: true, rows: 3, lang: unit.target.locale, class: 'wb-split-target' });
  target.value = unit.target.text;
  const form = el('form', {
    class: 'wb-split', onsubmit: (event) => {
      event.preventDefault();
      const targets: Record<string, number> = { [unit.target.locale]: target.selectionStart };
      void afterRepair(api('POST', `${unitsPath(unit.id)}/split`, { at: source.selectionStart, targets }, ifMatch(unit.version)));
    },
  }, [
    publishedWarning('source'),
    el('p', { text: t('review.splitHelp') }), source, target,
    el('div', { class: 'wb-buttons' }, [
      el('button', { type: 'submit', 'data-action': 'split-do', text: t('review.splitDo') }),
      el('button', { type: 'button', text: t('review.cancel'), onclick: () => closeDetail(true) }),
    ]),
  ]);
  openDetail(unit, 'split', form);
  source.focus();
}

function openSourceEdit(unit: Unit): void {
  const text = el('textarea', { rows: 3, lang: unit.source.locale, class: 'wb-source-text' });
  text.value = unit.source.text;
  const reason = el('input', { type: 'text', maxlength: 2000, class: 'wb-source-reason' });
  const message = el('p', { class: 'wb-message', role: 'status' });
  const form = el('form', {
    class: 'wb-source-edit', onsubmit: (event) => {
      event.preventDefault();
      void api<Unit[]>('PUT', `${articlePath}/segments/${unit.position}`, { text: text.value, reason: reason.value, locale: unit.target.locale }, ifMatch(unit.version)).then(async (result) => {
        if (!result.ok) {
          message.textContent = t('review.error', { message: errorText(result) });
          message.className = 'wb-message wb-error';
          return;
        }
        await load();
        say(t('review.sourceSaved', { count: result.data.length }));
      });
    },
  }, [
    publishedWarning('source'),
    text,
    el('label', {}, [`${t('review.sourceReason')} `, reason]),
    el('div', { class: 'wb-buttons' }, [
      el('button', { type: 'submit', 'data-action': 'save-source', text: t('review.save') }),
      el('button', { type: 'button', text: t('review.cancel'), onclick: () => closeDetail(true) }),
    ]),
    message,
  ]);
  openDetail(unit, 'source', form);
  text.focus();
}

tbody.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-action][data-id]') : null;
  if (!button) return;
  const id = Number(button.getAttribute('data-id'));
  const index = units.findIndex((u) => u.id === id);
  if (index < 0) return;
  const unit = units[index]!;
  setCurrent(index, false);
  const action = button.getAttribute('data-action') ?? '';
  const move = /^move-(source|target)-(next|previous)$/.exec(action);
  if (action === 'edit') openEditor(unit, false);
  else if (action === 'suggestions') openEditor(unit, true);
  else if (action === 'approve') void approve(unit);
  else if (action === 'history') void openHistory(unit);
  else if (action === 'comments') openComments(unit);
  else if (action === 'edit-source') openSourceEdit(unit);
  else if (action === 'merge') void afterRepair(api('POST', `${unitsPath(unit.id)}/merge`, {}, ifMatch(unit.version)));
  else if (action === 'split') openSplit(unit);
  else if (action === 'repair') openRepair(unit);
  else if (move) void afterRepair(api('POST', `${unitsPath(unit.id)}/move`, { side: move[1], direction: move[2] }, ifMatch(unit.version)));
});

// ---------------------------------------------------------------- wiring

filters.addEventListener('submit', (event) => { event.preventDefault(); current = -1; void load(); });
filters.addEventListener('reset', () => { setTimeout(() => { current = -1; void load(); }, 0); });
selectAll.addEventListener('change', () => {
  selected.clear();
  if (selectAll.checked) for (const u of units) selected.add(u.id);
  for (const box of Array.from(tbody.querySelectorAll<HTMLInputElement>('input.wb-select'))) box.checked = selectAll.checked;
  updateSelection();
});
approveSelectedButton.addEventListener('click', () => { void approveSelection(bulkContext, selected); });
markTranslatedButton.addEventListener('click', () => { void markSelectionTranslated(bulkContext, selected); });
recheckButton.addEventListener('click', () => { void recheckSelection(bulkContext, selected); });
queueBar.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-queue]') : null;
  if (button) void showQueue((button.getAttribute('data-queue') ?? '') as QueueName, false);
});
keysOpen.addEventListener('click', openKeys);
approveAllButton.addEventListener('click', () => { void approveEverything(bulkContext); });
const preferredTermsButton = document.getElementById('wb-preferred-terms');
// The page has the button for editors only.
if (preferredTermsButton && canEdit) {
  preferredTermsButton.addEventListener('click', () => { void usePreferredTerms(); });
}

void showAssignments(assignmentsBox, articlePath, locale, localeLabel);
setupConcordance({ locale, fallbackFocus: focusCurrentRow });

const focusId = Number((/^#unit-(\d+)$/.exec(window.location.hash) ?? [])[1]);
void load().then(() => {
  const index = focusId ? units.findIndex((u) => u.id === focusId) : -1;
  if (index >= 0) setCurrent(index);
  // A link into a queue (`?queue=review`) starts at its first unit.
  else if (queue && units.length) setCurrent(0, false);
});

/** An outdated target's source change, word by word (deleted words struck, inserted ones marked). */
function sourceChange(unit: Unit): HTMLElement | null {
  if (!unit.target.outdated || !unit.source.change) return null;
  const parts = unit.source.change.map((part) => (part.op === 'equal' ? part.text
    : el(part.op === 'delete' ? 'del' : 'ins', { text: part.text })));
  return el('p', { class: 'wb-source-change' }, [el('strong', { text: `${t('review.outdated')} ` }), ...parts]);
}
