/*
 * Shared helpers of the workbench's browser code (bundled into each page's script by esbuild).
 * Every text from the server is put into the page with textContent / createTextNode, never as
 * markup: a segment holding <script> or an onerror attribute shows as text and never runs.
 */
import i18next from 'i18next';
import type { Finding } from './types';
import { chipped, renderedSegment, type CodeElement } from './inline-chips';

export interface PageConfig {
  csrfToken?: string | null;
  strings?: Record<string, unknown>;
  user?: { name: string; role: string } | null;
  [key: string]: unknown;
}

function readConfig(): PageConfig {
  const element = document.getElementById('wb-config');
  return element ? (JSON.parse(element.textContent || '{}') as PageConfig) : {};
}

export const config: PageConfig = readConfig();

export type Values = Record<string, string | number>;

const i18n = i18next.createInstance();
void i18n.init({
  lng: typeof config.uiLocale === 'string' ? config.uiLocale : 'en',
  fallbackLng: false,
  resources: { [typeof config.uiLocale === 'string' ? config.uiLocale : 'en']: { translation: config.strings ?? {} } },
  initAsync: false,
  // Every text goes into the page as a text node, never as markup: no escaping needed here.
  interpolation: { escapeValue: false },
  returnNull: false,
  returnEmptyString: false,
});

/** UI string by key (the `workbench` key of locales/*.json): {{name}} placeholders, plurals by `count`. */
export function t(key: string, values?: Values): string {
  return String(i18n.t(key, values ?? {}));
}

export type AttrValue = string | number | boolean | null | undefined | ((event: Event) => unknown);
export type Attrs = Record<string, AttrValue>;
export type Child = Node | string | number | null | undefined | false;

/**
 * Creates an element. `attrs`: `class`, `text` (textContent), `on<event>` handlers, other
 * attributes via setAttribute; `children`: nodes or strings (as text nodes).
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, children?: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') {
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    } else if (name === 'text') node.textContent = String(value);
    else if (name === 'class') node.className = String(value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  for (const child of children ?? []) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

export function clear<T extends Node>(node: T): T {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** What an API call answered: the parsed JSON on success; the error body (or null) otherwise. */
export interface ApiError {
  error?: string;
  field?: string;
  [key: string]: unknown;
}
export type ApiResult<T> = { status: number; ok: true; data: T } | { status: number; ok: false; data: ApiError | null };

/** Calls the API with the session cookie and the CSRF token. */
export async function api<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResult<T>> {
  const requestHeaders: Record<string, string> = { Accept: 'application/json' };
  if (config.csrfToken) requestHeaders['X-CSRF-Token'] = config.csrfToken;
  Object.assign(requestHeaders, headers ?? {});
  const options: RequestInit = { method, credentials: 'same-origin', headers: requestHeaders };
  if (body !== undefined) {
    if (body instanceof Blob) {
      options.body = body;
      requestHeaders['Content-Type'] = 'application/octet-stream';
    } else {
      options.body = JSON.stringify(body);
      requestHeaders['Content-Type'] = 'application/json';
    }
  }
  const response = await fetch(path, options);
  if (response.status === 401) {
    window.location.assign(`/workbench/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { error: text };
  }
  return response.ok
    ? { status: response.status, ok: true, data: data as T }
    : { status: response.status, ok: false, data: data as ApiError | null };
}

/**
 * A failed call as a sentence for a person: the server's message for bad input (without the
 * `field:` prefix meant for programs), a plain explanation for everything else.
 */
/** A published page's warning: "This page is published." and what the change means for its readers. */
export function publishedNote(message: string): HTMLElement {
  return el('p', { class: 'wb-warning wb-published-warning', role: 'note' }, [el('strong', { text: `${t('versions.warnTitle')}. ` }), message]);
}

/** "en v2, 2026-12-03; zh-Hans v1, …": the releases readers see, for the warnings above. */
export function releasedPages(releases: ReadonlyArray<{ locale: string; version: number; publishedAt: string }>): string {
  return releases.map((r) => t('versions.page', { locale: r.locale, version: r.version, date: r.publishedAt.slice(0, 10) })).join('; ');
}

/** A stored ISO time as the reader's clock shows it, in the page's language; an unreadable value as it is. */
export function localTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(document.documentElement.lang || undefined);
}

export function errorText(result: ApiResult<unknown> | null | undefined): string {
  if (!result) return t('problems.network');
  const data = result.data as ApiError | null;
  const message = data && typeof data.error === 'string' ? data.error : '';
  switch (result.status) {
    // A refusal that says why (the four-eyes rule) is shown with its reason.
    case 403: return message && !/csrf/i.test(message) ? `${t('problems.forbidden')} ${sentence(message)}` : t('problems.forbidden');
    case 404: return t('problems.notFound');
    case 409: return message && !/changed|version/i.test(message) ? sentence(message) : t('problems.conflict');
    case 429: return t('problems.tooMany');
    case 503: return t('problems.unavailable');
    default:
      if (result.status >= 400 && result.status < 500 && message) {
        // A refused file keeps its name (and line) in front: which file it was is the point.
        const file = data && typeof (data as { file?: unknown }).file === 'string' ? (data as { file: string }).file : '';
        if (file && message.startsWith(file)) return /[.!?。！？]$/.test(message) ? message : `${message}.`;
        return sentence(message);
      }
      return t('problems.generic', { status: result.status });
  }
}

/** `target: unit 43 has no translation` → `Unit 43 has no translation.` */
export function sentence(message: string): string {
  const text = message.replace(/^[\w.[\]-]+: /, '').trim();
  if (!text) return text;
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?。！？]$/.test(first) ? first : `${first}.`;
}

/**
 * Text with finding spans marked: <mark class="wb-mark wb-mark-error" title=message>…</mark>.
 * With the unit's `codes` the segment is rendered as its markup says (bold, links, line breaks:
 * inline-chips.ts renderedSegment), chips still in place; without, codes are chips in plain text.
 */
export function highlighted(text: string, findings: Finding[] | undefined, side: 'source' | 'target', codes?: readonly CodeElement[]): DocumentFragment {
  const spans = (findings ?? [])
    .filter((f) => f.span && f.span.side === side && f.span.end > f.span.start)
    .sort((a, b) => a.span!.start - b.span!.start || b.span!.end - a.span!.end);
  // Marks that do not overlap, in order: a later span starts where an earlier one ended.
  const marks: Array<{ start: number; end: number; finding: Finding }> = [];
  let cursor = 0;
  for (const finding of spans) {
    const start = Math.max(finding.span!.start, cursor);
    const end = Math.min(finding.span!.end, text.length);
    if (start >= end) continue;
    marks.push({ start, end, finding });
    cursor = end;
  }
  // One run of text, chips and marks inside it.
  const write = (parent: Node, from: number, to: number, inner: (piece: string) => Node): void => {
    let at = from;
    for (const m of marks) {
      if (m.end <= at || m.start >= to) continue;
      if (m.start > at) parent.appendChild(inner(text.slice(at, m.start)));
      const mark = el('mark', {
        class: `wb-mark wb-mark-${m.finding.overridden ? 'overridden' : m.finding.severity}`,
        title: `${m.finding.checkId}: ${m.finding.message}`,
      });
      const markEnd = Math.min(m.end, to);
      mark.appendChild(inner(text.slice(Math.max(m.start, at), markEnd)));
      parent.appendChild(mark);
      at = markEnd;
    }
    if (at < to) parent.appendChild(inner(text.slice(at, to)));
  };
  if (codes && codes.length > 0) {
    return renderedSegment(text, codes, (parent, from, to) => write(parent, from, to, (piece) => document.createTextNode(piece)));
  }
  const fragment = document.createDocumentFragment();
  // Inline codes (HTML markup) as chips, not raw tokens.
  write(fragment, 0, text.length, chipped);
  return fragment;
}

/** A list of findings: severity, check id, message (and "overridden"). */
export function findingList(findings: Finding[] | undefined): HTMLElement {
  if (!findings || findings.length === 0) return el('p', { class: 'wb-none', text: t('review.noFindings') });
  return el('ul', { class: 'wb-findings' }, findings.map((f) =>
    el('li', { class: `wb-finding wb-sev-${f.overridden ? 'overridden' : f.severity}`, 'data-check': f.checkId }, [
      el('span', { class: 'wb-check', text: f.checkId }), ' ',
      el('span', { class: 'wb-finding-message', text: f.message }),
      f.overridden ? el('span', { class: 'wb-tag', text: ' (overridden)' }) : null,
    ])));
}

/** A unit origin in the UI's language (`mt:deepl` → the key `origins.mt-deepl`: i18next reads `:` as a namespace). */
export function originLabel(origin: string): string {
  const key = `origins.${origin.replace(/[^a-z0-9-]/gi, '-')}`;
  const label = t(key);
  return label === key ? origin : label;
}

/** The element with this id, which the server-rendered page always has (a missing one is a bug). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`workbench page without #${id}`);
  return found as T;
}
