/*
 * Concordance beside the editor: every memory unit whose source or target holds a phrase (in
 * English or Chinese), the two sides next to each other with the phrase marked, so a translator
 * sees how it was translated before. Ctrl+K anywhere opens it; text selected in the page (a
 * source cell, the editor's source) or in the textarea is searched at once. Esc closes it and
 * gives the focus back to where it was.
 */
import { api, byId, clear, el, errorText, originLabel, t } from './common';
import { chipped } from './inline-chips';

export interface ConcordanceHit {
  unitId: number;
  sourceLocale: string;
  targetLocale: string;
  source: string;
  target: string;
  status: string;
  origin: string;
  sourceHighlights: Array<[number, number]>;
  targetHighlights: Array<[number, number]>;
  articleSlug?: string | null;
  position?: number | null;
}

interface Concept { id: string; terms: Array<{ locale: string; text: string; status: string }> }

/** The longest phrase the API searches (its `q` takes 200 characters). */
const MAX_PHRASE = 200;

/** Text with the ranges marked (<mark class="wb-hit-mark">); inline codes as chips. */
function marked(text: string, ranges: ReadonlyArray<[number, number]>): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let cursor = 0;
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(from, cursor);
    const end = Math.min(to, text.length);
    if (start >= end) continue;
    if (start > cursor) fragment.appendChild(chipped(text.slice(cursor, start)));
    const mark = el('mark', { class: 'wb-hit-mark' });
    mark.appendChild(chipped(text.slice(start, end)));
    fragment.appendChild(mark);
    cursor = end;
  }
  if (cursor < text.length) fragment.appendChild(chipped(text.slice(cursor)));
  return fragment;
}

/** What is selected: in a textarea or input its selected part, elsewhere the page's selection. */
function selectedText(): string {
  const active = document.activeElement;
  if ((active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement) && active.selectionStart !== null && active.selectionEnd !== null) {
    const part = active.value.slice(active.selectionStart, active.selectionEnd);
    if (part.trim()) return part;
  }
  return window.getSelection()?.toString() ?? '';
}

export interface ConcordanceOptions {
  /** The page's target locale: its hits come first. */
  locale: string;
  /** Where the focus goes on close when the element that had it is gone. */
  fallbackFocus: () => void;
}

/** Wires the page's concordance panel (#wb-concordance) and Ctrl+K; returns the function that opens it. */
export function setupConcordance(options: ConcordanceOptions): (phrase?: string) => void {
  const panel = byId('wb-concordance');
  const form = byId<HTMLFormElement>('wb-concordance-form');
  const input = form.querySelector<HTMLInputElement>('input[name=q]')!;
  const language = form.querySelector<HTMLSelectElement>('select[name=locale]')!;
  const statusLine = byId('wb-concordance-status');
  const list = byId<HTMLOListElement>('wb-concordance-hits');
  const termsBox = byId('wb-concordance-terms');
  const openButton = byId<HTMLButtonElement>('wb-concordance-open');
  let opener: HTMLElement | null = null;
  let seq = 0;

  function say(message: string, isError = false): void {
    statusLine.textContent = message;
    statusLine.className = `wb-status${isError ? ' wb-error' : ''}`;
  }

  function hitItem(hit: ConcordanceHit): HTMLLIElement {
    const where = hit.articleSlug
      ? el('a', {
        href: `/workbench/articles/${encodeURIComponent(hit.articleSlug)}/${encodeURIComponent(hit.targetLocale)}#unit-${hit.unitId}`,
        text: `${hit.articleSlug} #${(hit.position ?? 0) + 1}`,
      })
      : el('span', { text: t('concordance.memoryOnly') });
    return el('li', { class: 'wb-hit', 'data-unit-id': hit.unitId }, [
      el('div', { class: 'wb-hit-pair' }, [
        el('p', { class: 'wb-hit-source', lang: hit.sourceLocale }, [marked(hit.source, hit.sourceHighlights)]),
        el('p', { class: 'wb-hit-target', lang: hit.targetLocale }, [marked(hit.target, hit.targetHighlights)]),
      ]),
      el('p', { class: 'wb-hit-meta' }, [
        `${hit.sourceLocale} → ${hit.targetLocale} · ${t(`status.${hit.status}`)} · ${originLabel(hit.origin)} · `, where,
      ]),
    ]);
  }

  /** The termbase's word on the phrase, when it is a term: every concept holding it, with its terms in each language. */
  async function showTerms(phrase: string, mine: number): Promise<void> {
    const result = await api<Concept[]>('GET', `/api/termbase/concepts?${new URLSearchParams({ q: phrase, limit: '20' }).toString()}`);
    if (mine !== seq || !result.ok) return;
    const key = phrase.toLocaleLowerCase();
    const concepts = result.data.filter((c) => c.terms.some((term) => term.text.toLocaleLowerCase() === key));
    if (concepts.length === 0) return;
    termsBox.appendChild(el('h3', { text: t('concordance.termbase') }));
    termsBox.appendChild(el('ul', { class: 'wb-concordance-concepts' }, concepts.map((c) => el('li', { 'data-concept': c.id }, c.terms.flatMap((term, i) => [
      i ? ' · ' : '',
      el('span', { class: `wb-term wb-term-${term.status}`, lang: term.locale }, [
        el('code', { text: term.locale }), ' ', el(term.status === 'forbidden' ? 's' : 'strong', { text: term.text }), ` (${t(`termbase.statuses.${term.status}`)})`,
      ]),
    ])))));
  }

  async function search(): Promise<void> {
    const phrase = input.value.trim();
    clear(list);
    clear(termsBox);
    if (!phrase) { say(t('concordance.empty')); return; }
    const mine = ++seq;
    say(t('concordance.searching'));
    const params = new URLSearchParams({ q: phrase.slice(0, MAX_PHRASE), limit: '50' });
    if (language.value) params.set('locale', language.value);
    void showTerms(phrase.slice(0, MAX_PHRASE), mine);
    const result = await api<{ hits: ConcordanceHit[] }>('GET', `/api/tm/concordance?${params.toString()}`);
    if (mine !== seq) return;
    if (!result.ok) { say(t('review.error', { message: errorText(result) }), true); return; }
    // This page's language pair first (the order within each part stays: newest first).
    const ours = (hit: ConcordanceHit) => (hit.targetLocale === options.locale || hit.sourceLocale === options.locale ? 0 : 1);
    const hits = [...result.data.hits].sort((a, b) => ours(a) - ours(b));
    say(hits.length ? t('concordance.found', { count: hits.length, phrase }) : t('concordance.none', { phrase }));
    for (const hit of hits) list.appendChild(hitItem(hit));
  }

  function open(phrase?: string): void {
    const active = document.activeElement;
    if (!panel.contains(active)) opener = active instanceof HTMLElement && active !== document.body ? active : null;
    panel.hidden = false;
    document.body.classList.add('wb-concordance-open');
    openButton.setAttribute('aria-expanded', 'true');
    const text = (phrase ?? '').replace(/\s+/g, ' ').trim();
    if (text) {
      input.value = text.slice(0, MAX_PHRASE);
      void search();
    }
    input.focus();
    input.select();
  }

  function close(): void {
    panel.hidden = true;
    document.body.classList.remove('wb-concordance-open');
    openButton.setAttribute('aria-expanded', 'false');
    seq++;
    const back = opener;
    opener = null;
    if (back && document.contains(back)) back.focus({ preventScroll: true }); else options.fallbackFocus();
  }

  form.addEventListener('submit', (event) => { event.preventDefault(); void search(); });
  byId('wb-concordance-close').addEventListener('click', close);
  openButton.addEventListener('click', () => { if (panel.hidden) open(selectedText()); else close(); });
  // Keys inside the panel are the panel's: Esc closes it (not the editor under it), j/k type or do nothing.
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') { event.preventDefault(); close(); }
    if (!((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k')) event.stopPropagation();
  });
  // Captured: Ctrl+K works in the editor's textarea too, and searches what is selected there.
  document.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'k') return;
    event.preventDefault();
    event.stopPropagation();
    if (panel.contains(document.activeElement)) { input.focus(); input.select(); return; }
    open(selectedText());
  }, true);
  return open;
}
