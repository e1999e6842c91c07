/*
 * Comments and assignments on the review page: a thread per unit (everyone working on the
 * article sees it), @mentions of people, resolve and reopen; who translates and reviews this
 * locale, and (for editors) the form that assigns them.
 */
import { api, clear, config, el, errorText, localTime, t } from './common';
import type { Unit } from './types';

export interface Comment {
  id: number;
  unitId: number;
  author: string;
  text: string;
  mentions: string[];
  resolved: boolean;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
  /** 1 when posted, +1 per edit (sent back in If-Match). */
  version: number;
  editedAt: string | null;
  /** Deleted after others answered: a marker in its place, without the text. */
  deleted: { by: string; at: string } | null;
}

export interface Assignment {
  articleSlug: string;
  locale: string | null;
  role: 'translator' | 'reviewer';
  user: string;
  assignedBy: string;
  assignedAt: string;
}

interface Person { name: string; role: string }

const threads = new Map<number, Comment[]>();
let people: Person[] = [];
/** Who is looking: their own comments get Edit and Delete; an admin may delete any. */
const me = config.user?.name ?? '';
const isAdmin = config.user?.role === 'admin';

/** Reads every comment of the article's locale (one request), grouped by unit. */
export async function loadThreads(articlePath: string, locale: string): Promise<void> {
  const result = await api<Comment[]>('GET', `${articlePath}/comments?locale=${encodeURIComponent(locale)}`);
  if (!result.ok) return;
  threads.clear();
  for (const comment of result.data) {
    const list = threads.get(comment.unitId) ?? [];
    list.push(comment);
    threads.set(comment.unitId, list);
  }
}

export async function loadPeople(): Promise<Person[]> {
  if (people.length) return people;
  const result = await api<Person[]>('GET', '/api/people');
  if (result.ok) people = result.data;
  return people;
}

/** The unit's comment counts: all, and those still open. */
export function threadCounts(unitId: number): { total: number; open: number } {
  const list = (threads.get(unitId) ?? []).filter((c) => !c.deleted);
  return { total: list.length, open: list.filter((c) => !c.resolved).length };
}

/** The label of a unit's Comments button: "Comments (2 open)". */
export function commentsLabel(unitId: number): string {
  const { total, open } = threadCounts(unitId);
  if (total === 0) return t('comments.button');
  return open ? t('comments.buttonOpen', { count: open }) : t('comments.buttonResolved', { count: total });
}

/** Comment text with its @mentions marked (as text nodes: nothing in it is markup). */
function commentText(comment: Comment): HTMLElement {
  const p = el('p', { class: 'wb-comment-text' });
  const names = [...comment.mentions].sort((a, b) => b.length - a.length);
  let rest = comment.text;
  while (rest) {
    let at = -1;
    let name = '';
    for (const candidate of names) {
      const i = rest.indexOf(`@${candidate}`);
      if (i >= 0 && (at < 0 || i < at)) { at = i; name = candidate; }
    }
    if (at < 0) { p.appendChild(document.createTextNode(rest)); break; }
    if (at > 0) p.appendChild(document.createTextNode(rest.slice(0, at)));
    p.appendChild(el('strong', { class: 'wb-mention', text: `@${name}` }));
    rest = rest.slice(at + name.length + 1);
  }
  return p;
}

/**
 * The thread of a unit with the form for a new comment (Ctrl+Enter posts) and a picker that puts
 * `@name` at the cursor. `changed` runs after every post, resolve and reopen.
 */
export function threadView(unit: Unit, changed: () => void, close: () => void): HTMLElement {
  const list = el('ol', { class: 'wb-comments', 'aria-label': t('comments.thread') });
  const message = el('p', { class: 'wb-message', role: 'status' });
  const textarea = el('textarea', { name: 'comment', rows: 3, maxlength: 4000, class: 'wb-comment-input', 'aria-label': t('comments.new') });
  const picker = el('select', { class: 'wb-mention-picker', 'aria-label': t('comments.mention') }, [el('option', { value: '', text: t('comments.mention') })]);

  function render(): void {
    clear(list);
    const comments = threads.get(unit.id) ?? [];
    if (comments.length === 0) list.appendChild(el('li', { class: 'wb-none', text: t('comments.none') }));
    for (const comment of comments) {
      if (comment.deleted) {
        // The replies below answered it: its place stays, its text does not.
        list.appendChild(el('li', { class: 'wb-comment wb-comment-deleted', 'data-comment': comment.id }, [
          el('p', { class: 'wb-comment-text' }, [el('em', { text: t('comments.deletedMarker', { name: comment.deleted.by, at: localTime(comment.deleted.at) }) })]),
        ]));
        continue;
      }
      const toggle = el('button', {
        type: 'button', class: 'wb-small', 'data-action': comment.resolved ? 'reopen' : 'resolve', 'data-comment': comment.id,
        text: comment.resolved ? t('comments.reopen') : t('comments.resolve'),
        onclick: () => { void setResolved(comment, !comment.resolved); },
      });
      const own = comment.author === me;
      const item: HTMLLIElement = el('li', { class: `wb-comment${comment.resolved ? ' wb-comment-resolved' : ''}`, 'data-comment': comment.id }, [
        el('div', { class: 'wb-comment-head' }, [
          el('strong', { class: 'wb-comment-author', text: comment.author }), ' ',
          el('time', { datetime: comment.createdAt, text: localTime(comment.createdAt) }), ' ',
          comment.editedAt ? el('small', { class: 'wb-edited', title: localTime(comment.editedAt), text: `(${t('comments.edited')})` }) : null,
          comment.editedAt ? ' ' : null,
          comment.resolved
            ? el('span', { class: 'wb-badge wb-resolved', text: t('comments.resolvedBy', { name: comment.resolvedBy ?? '' }) })
            : el('span', { class: 'wb-badge wb-open', text: t('comments.open') }),
          ' ', toggle,
          own ? el('button', { type: 'button', class: 'wb-small', 'data-action': 'edit-comment', 'data-comment': comment.id, text: t('comments.edit'), onclick: (): void => startEdit(comment, item) }) : null,
          own || isAdmin ? el('button', { type: 'button', class: 'wb-small', 'data-action': 'delete-comment', 'data-comment': comment.id, text: t('comments.delete'), onclick: (): void => askDelete(comment, item) }) : null,
        ]),
        commentText(comment),
      ]);
      list.appendChild(item);
    }
  }

  function failed(result: { status: number }, fallback: string): void {
    message.textContent = result.status === 409 ? t('comments.conflict') : fallback;
    message.className = 'wb-message wb-error';
    // Stale: the thread as it is now, so the person sees what changed.
    if (result.status === 409 || result.status === 404) void reload();
  }

  async function reload(): Promise<void> {
    const fresh = await api<Comment[]>('GET', `/api/units/${unit.id}/comments`);
    if (!fresh.ok) return;
    threads.set(unit.id, fresh.data);
    render();
    changed();
  }

  /** The author's edit in place: the text in a textarea, Ctrl+Enter or Save keeps it, Esc or Cancel leaves it as it was. */
  function startEdit(comment: Comment, item: HTMLLIElement): void {
    const box = el('textarea', { rows: 3, maxlength: 4000, class: 'wb-comment-edit', 'aria-label': t('comments.editLabel') });
    box.value = comment.text;
    const done = (): void => { render(); list.querySelector<HTMLButtonElement>(`button[data-action=edit-comment][data-comment="${comment.id}"]`)?.focus(); };
    const save = async (): Promise<void> => {
      const text = box.value.trim();
      if (!text) { message.textContent = t('comments.empty'); message.className = 'wb-message wb-error'; box.focus(); return; }
      const result = await api<Comment>('PUT', `/api/comments/${comment.id}`, { text }, { 'If-Match': `"${comment.version}"` });
      if (!result.ok) { failed(result, errorText(result)); return; }
      Object.assign(comment, result.data);
      message.className = 'wb-message';
      message.textContent = t('comments.saved');
      done();
      changed();
    };
    box.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') { event.preventDefault(); void save(); }
      // Esc leaves this edit only (not the whole thread).
      if (event.key === 'Escape') { event.preventDefault(); event.stopPropagation(); done(); }
    });
    const form = el('div', { class: 'wb-comment-editing' }, [
      box,
      el('div', { class: 'wb-buttons' }, [
        el('button', { type: 'button', 'data-action': 'save-comment', text: t('comments.save'), onclick: () => { void save(); } }),
        el('button', { type: 'button', 'data-action': 'cancel-comment', text: t('review.cancel'), onclick: done }),
      ]),
    ]);
    item.querySelector('.wb-comment-text')?.replaceWith(form);
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }

  /** Delete asks in the page (no browser dialog): Delete or Keep, the focus on Keep. */
  function askDelete(comment: Comment, item: HTMLLIElement): void {
    item.querySelector('.wb-confirm')?.remove();
    const keep = el('button', { type: 'button', 'data-action': 'keep-comment', text: t('comments.keep'), onclick: () => { ask.remove(); item.querySelector<HTMLButtonElement>('button[data-action=delete-comment]')?.focus(); } });
    const ask = el('div', { class: 'wb-confirm', role: 'group', 'aria-label': t('comments.deleteAsk') }, [
      el('span', { text: t('comments.deleteAsk') }), ' ',
      el('button', {
        type: 'button', 'data-action': 'confirm-delete-comment', text: t('comments.delete'), onclick: async () => {
          const result = await api<{ deleted: number }>('DELETE', `/api/comments/${comment.id}`, undefined, { 'If-Match': `"${comment.version}"` });
          if (!result.ok) { failed(result, errorText(result)); return; }
          message.className = 'wb-message';
          message.textContent = t('comments.deleted');
          // The thread as the server has it now: a comment others answered stays as a marker.
          await reload();
          textarea.focus();
        },
      }), ' ', keep,
    ]);
    item.appendChild(ask);
    keep.focus();
  }

  async function setResolved(comment: Comment, resolved: boolean): Promise<void> {
    const result = await api<Comment>('PUT', `/api/comments/${comment.id}`, { resolved });
    if (!result.ok) { message.textContent = errorText(result); message.className = 'wb-message wb-error'; return; }
    Object.assign(comment, result.data);
    render();
    changed();
    list.querySelector<HTMLButtonElement>(`button[data-comment="${comment.id}"]`)?.focus();
  }

  async function post(): Promise<void> {
    const text = textarea.value.trim();
    if (!text) { message.textContent = t('comments.empty'); message.className = 'wb-message wb-error'; textarea.focus(); return; }
    const result = await api<Comment>('POST', `/api/units/${unit.id}/comments`, { text });
    if (!result.ok) { message.textContent = errorText(result); message.className = 'wb-message wb-error'; return; }
    threads.set(unit.id, [...(threads.get(unit.id) ?? []), result.data]);
    textarea.value = '';
    message.className = 'wb-message';
    message.textContent = result.data.mentions.length ? t('comments.postedMentions', { names: result.data.mentions.join(', ') }) : t('comments.posted');
    render();
    changed();
    textarea.focus();
  }

  textarea.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') { event.preventDefault(); void post(); }
  });
  picker.addEventListener('change', () => {
    if (!picker.value) return;
    const at = textarea.selectionStart;
    const before = textarea.value.slice(0, at);
    const mention = `${before && !/\s$/.test(before) ? ' ' : ''}@${picker.value} `;
    textarea.value = before + mention + textarea.value.slice(textarea.selectionEnd);
    textarea.setSelectionRange(at + mention.length, at + mention.length);
    picker.value = '';
    textarea.focus();
  });
  void loadPeople().then((list) => {
    for (const person of list) picker.appendChild(el('option', { value: person.name, text: `${person.name} (${t(`roles.${person.role}`)})` }));
  });

  render();
  return el('section', { class: 'wb-thread', 'aria-label': t('comments.title', { n: unit.position === null ? '—' : unit.position + 1 }) }, [
    el('h4', { text: t('comments.title', { n: unit.position === null ? '—' : unit.position + 1 }) }),
    list,
    el('form', { class: 'wb-comment-form', onsubmit: (event) => { event.preventDefault(); void post(); } }, [
      textarea,
      el('p', { class: 'wb-note', text: t('comments.help') }),
      el('div', { class: 'wb-buttons' }, [
        el('button', { type: 'submit', 'data-action': 'post-comment', text: t('comments.post') }),
        picker,
        el('button', { type: 'button', text: t('review.close'), onclick: close }),
      ]),
      message,
    ]),
  ]);
}

/**
 * Who translates and reviews this locale (an assignment of the whole article counts for every
 * locale); editors get a form to assign or remove.
 */
export async function showAssignments(box: HTMLElement, articlePath: string, locale: string, localeLabel: string, keepOpen = false): Promise<void> {
  const result = await api<Assignment[]>('GET', `${articlePath}/assignments`);
  if (!result.ok) return;
  const canAssign = !!config.user && (config.user.role === 'editor' || config.user.role === 'admin');
  const mine = result.data.filter((a) => a.locale === null || a.locale === locale);
  const line = (role: 'translator' | 'reviewer') => {
    const own = mine.find((a) => a.role === role && a.locale === locale) ?? mine.find((a) => a.role === role);
    return el('span', { class: 'wb-assignee', 'data-role': role }, [
      `${t(`assign.${role}`)}: `,
      own ? el('strong', { text: own.user }) : el('em', { text: t('assign.nobody') }),
      own && own.locale === null ? el('small', { text: ` (${t('assign.wholeArticle')})` }) : null,
    ]);
  };
  clear(box);
  box.appendChild(line('translator'));
  box.appendChild(line('reviewer'));
  if (!canAssign) return;
  const role = el('select', { name: 'role' }, [
    el('option', { value: 'translator', text: t('assign.translator') }), el('option', { value: 'reviewer', text: t('assign.reviewer') }),
  ]);
  const person = el('select', { name: 'user' }, [el('option', { value: '', text: t('assign.remove') })]);
  const scope = el('select', { name: 'scope' }, [
    el('option', { value: locale, text: t('assign.thisLocale', { locale: localeLabel }) }), el('option', { value: '*', text: t('assign.wholeArticle') }),
  ]);
  const status = el('span', { class: 'wb-status', role: 'status' });
  const fillPeople = (): void => {
    while (person.options.length > 1) person.remove(1);
    // A reviewer must be able to approve: the reviewer role or above.
    for (const p of people.filter((x) => role.value === 'translator' || x.role !== 'translator')) {
      person.appendChild(el('option', { value: p.name, text: `${p.name} (${t(`roles.${p.role}`)})` }));
    }
  };
  role.addEventListener('change', fillPeople);
  await loadPeople();
  fillPeople();
  const form = el('form', {
    class: 'wb-assign-form', onsubmit: (event) => {
      event.preventDefault();
      void api<Assignment[]>('PUT', `${articlePath}/assignments`, {
        locale: scope.value === '*' ? null : scope.value, role: role.value, user: person.value || null,
      }).then(async (answer) => {
        if (!answer.ok) { status.textContent = errorText(answer); status.className = 'wb-status wb-error'; return; }
        await showAssignments(box, articlePath, locale, localeLabel, true);
        box.querySelector<HTMLElement>('.wb-assign-form button[type=submit]')?.focus();
        const said = box.querySelector('.wb-assign-form .wb-status');
        if (said) said.textContent = t('assign.saved');
      });
    },
  }, [
    el('label', {}, [`${t('assign.role')} `, role]),
    el('label', {}, [`${t('assign.person')} `, person]),
    el('label', {}, [`${t('assign.scope')} `, scope]),
    el('button', { type: 'submit', 'data-action': 'assign', text: t('assign.submit') }),
    status,
  ]);
  box.appendChild(el('details', { class: 'wb-assign', open: keepOpen }, [el('summary', { text: t('assign.open') }), form]));
}
