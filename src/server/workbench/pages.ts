/** Server-rendered pages of the workbench: every value goes through `html`, which escapes it. */
import { LOCALE_LABELS, type Locale } from '../../locale';
import { UNIT_ORIGINS, UNIT_STATUSES } from '../../memory';
import { QUEUES, type ArticleDocument, type Assignment, type AssignmentRole, type Queue, type LocaleProgress, type QaReport, type QaUnitPlace, type SourceFinding, type User } from '../../workflow';
import { html, unsafeRaw, type SafeHtml } from '../http';
import { CAN_EDIT, CSRF_FIELD } from '../auth';
import type { Translate } from './strings';

export const ASSETS = '/workbench/assets';

export interface PageContext {
  t: Translate;
  /** The workbench's own language (the person's choice, remembered in a cookie). */
  uiLocale: Locale;
  /** The address of this page, for the language switch to come back to. */
  path: string;
  user: User | null;
  /** The session's CSRF token, for the logout form and the client's writes. */
  csrfToken: string | null;
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` escaped so a segment
 * holding `</script>` cannot end the block. Such a block is data, not script, so the CSP
 * (`script-src 'self'`) does not need to allow it.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

interface LayoutInput {
  title: string;
  body: SafeHtml;
  active?: 'articles' | 'termbase' | 'users' | 'qa' | 'memory';
  /** Client scripts from the assets folder, bundled from browser/ (no inline script anywhere: the CSP forbids it). */
  scripts?: string[];
  /** Data for the client scripts (strings, ids, the CSRF token). */
  config?: Record<string, unknown>;
}

export function layout(ctx: PageContext, input: LayoutInput): string {
  const { t, user } = ctx;
  const navLink = (key: 'articles' | 'termbase' | 'users' | 'qa' | 'memory', href: string) =>
    html`<li><a href="${href}"${input.active === key ? unsafeRaw(' aria-current="page"') : ''}>${t(`nav.${key}`)}</a></li>`;
  const nav = user ? html`
  <nav aria-label="${t('nav.main')}">
    <ul>
      ${navLink('articles', '/workbench/')}
      ${navLink('termbase', '/workbench/termbase')}
      ${navLink('qa', '/workbench/qa')}
      ${user.role === 'admin' ? navLink('memory', '/workbench/memory') : ''}
      ${user.role === 'admin' ? navLink('users', '/workbench/users') : ''}
      <li><a href="/">${t('nav.site')}</a></li>
    </ul>
  </nav>
  <form method="post" action="/workbench/logout" class="wb-logout">
    <a class="wb-user" href="/workbench/account">${t('nav.signedInAs', { name: user.name, role: t(`roles.${user.role}`) })}</a>
    <input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrfToken ?? ''}">
    <button type="submit">${t('nav.logout')}</button>
  </form>` : '';
  return html`<!doctype html>
<html lang="${ctx.uiLocale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${input.title} · ${t('title')}</title>
<link rel="icon" href="${ASSETS}/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${ASSETS}/workbench.css">
${input.config ? unsafeRaw(`<script type="application/json" id="wb-config">${jsonForScript({ ...input.config, uiLocale: ctx.uiLocale })}</script>`) : ''}
${(input.scripts ?? []).map((s) => html`<script src="${ASSETS}/${s}" defer></script>\n`)}
</head>
<body>
<header class="wb-header">
  <a class="wb-brand" href="/workbench/">${t('title')}</a>
  ${nav}
  ${languageSwitch(ctx)}
</header>
<main id="main" class="wb-main">
${input.body}
</main>
</body>
</html>
`.value;
}

/** The UI language: a plain form (GET, no script needed), remembered in a cookie by /workbench/ui. */
function languageSwitch(ctx: PageContext) {
  return html`<form method="get" action="/workbench/ui" class="wb-ui-language">
    <input type="hidden" name="next" value="${ctx.path}">
    <label class="wb-inline"><span>${ctx.t('ui.language')}</span> <select name="lang" id="wb-ui-lang">${UI_LOCALES.map((l) => html`<option value="${l}" lang="${l}"${l === ctx.uiLocale ? unsafeRaw(' selected') : ''}>${LOCALE_LABELS[l]}</option>`)}</select></label>
    <button type="submit" class="wb-small">${ctx.t('ui.switch')}</button>
  </form>`;
}

export const UI_LOCALES = ['en', 'zh-Hans', 'zh-Hant'] as const satisfies readonly Locale[];

export function loginPage(ctx: PageContext, input: { token: string; next: string; name?: string; message?: string }): string {
  const { t } = ctx;
  return layout(ctx, {
    title: t('login.title'),
    body: html`
<section class="wb-login">
  <h1>${t('login.title')}</h1>
  ${input.message ? html`<p class="wb-message wb-error" role="alert">${input.message}</p>` : ''}
  <form method="post" action="/workbench/login">
    <input type="hidden" name="${CSRF_FIELD}" value="${input.token}">
    <input type="hidden" name="next" value="${input.next}">
    <label>${t('login.name')} <input name="name" autocomplete="username" required maxlength="64" value="${input.name ?? ''}" autofocus></label>
    <label>${t('login.password')} <input name="password" type="password" autocomplete="current-password" required maxlength="200"></label>
    <button type="submit">${t('login.submit')}</button>
  </form>
</section>`,
  });
}

/**
 * The editor's release controls of one locale: "Release now" when its working version is complete
 * but not what readers see (never released, withdrawn, or a release that was refused before), and
 * "Withdraw…" with a reason for a locale readers see. Sent by articles.js to the API.
 */
function releaseControls(ctx: PageContext, slug: string, progress: LocaleProgress, total: number) {
  const { t } = ctx;
  const releasable = total > 0 && progress.toApprove === 0 && progress.reason !== null;
  return html`${releasable ? html`<button type="button" class="wb-small" data-action="release" data-slug="${slug}" data-locale="${progress.locale}">${t('articles.releaseNow')}</button>` : ''}
    ${progress.published ? html`<details class="wb-withdraw"><summary>${t('articles.withdraw')}</summary>
      <form data-action="withdraw" data-slug="${slug}" data-locale="${progress.locale}" class="wb-withdraw-form">
        <label>${t('articles.withdrawReason')} <input name="reason" required maxlength="2000" autocomplete="off"></label>
        <button type="submit">${t('articles.withdrawButton')}</button>
      </form></details>` : ''}`;
}

/**
 * "published version N (date) · working version M · k units to approve": what readers see against
 * what is being worked on, so an editor knows what an approval will release. (review.ts writes the
 * same line in the browser.)
 */
function versionsLine(ctx: PageContext, progress: LocaleProgress, sourceLocale: Locale) {
  const { t } = ctx;
  const release = progress.release;
  const left = progress.locale === sourceLocale ? 'versions.toFix' : 'versions.toApprove';
  return html`<span class="wb-versions">${release
    ? html`<span class="wb-release" data-version="${release.version}">${t('versions.published', { version: release.version, date: release.publishedAt.slice(0, 10) })}</span>`
    : html`<span class="wb-release wb-none">${t('versions.unpublished')}</span>`}
    · <span class="wb-working" data-version="${progress.workingVersion}">${t('versions.working', { version: progress.workingVersion })}</span>
    · <span class="wb-to-approve" data-count="${progress.toApprove}">${t(left, { count: progress.toApprove })}</span></span>`;
}

function progressCells(ctx: PageContext, progress: LocaleProgress, sourceLocale: Locale, editSlug: string | null = null) {
  const { t } = ctx;
  const total = UNIT_STATUSES.reduce((n, s) => n + progress.counts[s], 0);
  const share = total === 0 ? 0 : Math.floor((progress.counts.approved / total) * 100);
  // data-label: the column's heading, shown before the value where the table becomes cards (phones).
  return html`${UNIT_STATUSES.map((s) => html`<td class="wb-num" data-label="${t(`status.${s}`)}">${progress.counts[s]}</td>`)}
    <td class="wb-num${progress.errorFindings > 0 ? ' wb-has-errors' : ''}" data-label="${t('articles.errors')}">${progress.errorFindings}</td>
    <td class="wb-state">${versionsLine(ctx, progress, sourceLocale)}<br>${progress.published ? html`<span class="wb-badge wb-published">${t('articles.published')}</span>`
      // Never released: the line above already says "not published" (a second badge only repeated it).
      : progress.release ? html`<span class="wb-badge" title="${progress.reason ?? ''}">${t('articles.notPublished')}</span>` : ''}${editSlug ? releaseControls(ctx, editSlug, progress, total) : ''}</td>
    <td class="wb-share"><meter min="0" max="${Math.max(total, 1)}" value="${progress.counts.approved}" aria-label="${t('articles.approvedShare')}" title="${progress.counts.approved} / ${total}"></meter> <span class="wb-num">${share}%</span></td>`;
}

/** The articles page's filters: text in the title or slug, and a status of any target locale. */
export const ARTICLE_STATUSES = ['in-progress', 'with-errors', 'approved', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export interface ArticleRow { article: ArticleDocument; progress: LocaleProgress[] }

/** What the person logged in has to do: their assignments and the open comments that mention them. */
export interface YourWork {
  assignments: Array<{ slug: string; title: string; locale: Locale | null; role: AssignmentRole }>;
  mentions: Array<{ slug: string; title: string; locale: Locale; unitId: number; position: number | null; author: string; text: string; at: string }>;
}

function yourWork(ctx: PageContext, work: YourWork) {
  const { t } = ctx;
  if (work.assignments.length === 0 && work.mentions.length === 0) return '';
  const review = (slug: string, locale: Locale) => `/workbench/articles/${encodeURIComponent(slug)}/${locale}?queue=mine`;
  return html`
<section class="wb-your-work" aria-labelledby="wb-your-work-h">
  <h2 id="wb-your-work-h">${t('work.title')}</h2>
  ${work.assignments.length ? html`<ul class="wb-work-assignments">${work.assignments.map((a) => html`<li>
    ${a.locale ? html`<a href="${review(a.slug, a.locale)}">${a.title}</a> · ${LOCALE_LABELS[a.locale]}`
      : html`${a.title} · ${t('assign.wholeArticle')}`} · ${t(`assign.${a.role}`)}</li>`)}</ul>` : ''}
  ${work.mentions.length ? html`<h3>${t('work.mentions', { count: work.mentions.length })}</h3>
  <ul class="wb-work-mentions">${work.mentions.map((m) => html`<li>
    <a href="${review(m.slug, m.locale)}#unit-${m.unitId}">${m.title} #${(m.position ?? 0) + 1} · ${LOCALE_LABELS[m.locale]}</a>
    — <strong>${m.author}</strong>: <span class="wb-mention-text">${m.text.length > 160 ? `${m.text.slice(0, 160)}…` : m.text}</span></li>`)}</ul>` : ''}
</section>`;
}

function assignedCell(ctx: PageContext, assignments: readonly Assignment[], article: ArticleDocument, locale: Locale) {
  if (locale === article.sourceLocale) return html`<td></td>`;
  const who = (role: AssignmentRole) => (assignments.find((a) => a.documentId === article.id && a.role === role && a.locale === locale)
    ?? assignments.find((a) => a.documentId === article.id && a.role === role && a.locale === null))?.assignee;
  const parts = (['translator', 'reviewer'] as const).flatMap((role) => {
    const name = who(role);
    return name ? [html`<span class="wb-assignee" data-role="${role}">${ctx.t(`assign.${role}`)}: <strong>${name}</strong></span>`] : [];
  });
  return html`<td class="wb-assigned">${parts.length ? parts.map((p, i) => html`${i ? html`<br>` : ''}${p}`) : html`<span class="wb-none">${ctx.t('assign.nobody')}</span>`}</td>`;
}

function localeMatches(p: LocaleProgress, status: ArticleStatus): boolean {
  const total = UNIT_STATUSES.reduce((n, s) => n + p.counts[s], 0);
  switch (status) {
    case 'in-progress': return p.counts.approved < total;
    case 'with-errors': return p.errorFindings > 0;
    case 'approved': return total > 0 && p.counts.approved === total;
    case 'published': return p.published;
  }
}

/** Newest first; only those matching the search and the status (of some target locale). */
export function filterArticles(rows: ArticleRow[], filter: { q?: string; status?: ArticleStatus }): ArticleRow[] {
  const needle = filter.q?.trim().toLowerCase() ?? '';
  return rows
    .filter(({ article }) => !needle || article.title.toLowerCase().includes(needle) || article.slug.includes(needle))
    .filter(({ article, progress }) => !filter.status
      || progress.some((p) => p.locale !== article.sourceLocale && localeMatches(p, filter.status!)))
    .sort((a, b) => b.article.createdAt.localeCompare(a.article.createdAt) || b.article.id - a.article.id);
}

/** What the upload takes (workflow/documents.ts tells the formats apart by the file's name): HTML, Markdown, text. */
const UPLOAD_ACCEPT = '.html,.htm,.xhtml,.md,.markdown,.txt,.text,text/html,text/markdown,text/plain';

function uploadForm(ctx: PageContext) {
  const { t } = ctx;
  return html`
<details class="wb-upload" id="wb-upload-box" open>
  <summary>${t('articles.upload')}</summary>
  <p class="wb-note">${t('articles.uploadHelp')}</p>
  <form id="wb-upload" class="wb-upload-form" method="post" action="/workbench/upload" enctype="multipart/form-data">
    <input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrfToken ?? ''}">
    <label>${t('articles.englishFile')} <input type="file" name="english" accept="${UPLOAD_ACCEPT}" required></label>
    <label>${t('articles.chineseFile')} <input type="file" name="chinese" accept="${UPLOAD_ACCEPT}"></label>
    <label>${t('articles.chineseLocale')} <select name="chineseLocale"><option value="zh-Hans">简体中文 zh-Hans</option><option value="zh-Hant">繁體中文 zh-Hant</option></select></label>
    <label>${t('articles.slug')} <input name="slug" maxlength="120" pattern="[a-z0-9]+(-[a-z0-9]+)*" autocomplete="off" spellcheck="false"></label>
    <button type="submit">${t('articles.uploadButton')}</button>
  </form>
  <p id="wb-upload-status" class="wb-status" role="status" aria-live="polite"></p>
  <section id="wb-upload-preview" class="wb-upload-preview" hidden></section>
</details>`;
}

export function articlesPage(
  ctx: PageContext,
  input: {
    articles: ArticleRow[]; total: number; q: string; status: ArticleStatus | ''; canUpload: boolean; strings: Record<string, unknown>;
    assignments?: readonly Assignment[]; work?: YourWork;
  },
): string {
  const { t } = ctx;
  const { articles } = input;
  const rows = articles.map(({ article, progress }) => progress.map((p, i) => html`
    <tr class="${i === 0 ? 'wb-article-first' : ''}" data-slug="${article.slug}" data-locale="${p.locale}">
      ${i === 0 ? html`<th scope="rowgroup" rowspan="${progress.length}"><span class="wb-article-title">${article.title}</span><br><code>${article.slug}</code><br><small class="wb-date">${article.createdAt.slice(0, 10)}</small></th>` : ''}
      <td class="wb-locale-cell">${LOCALE_LABELS[p.locale]} <code>${p.locale}</code>${p.locale === article.sourceLocale ? html` <small>(${t('articles.source')})</small>` : ''}</td>
      ${progressCells(ctx, p, article.sourceLocale, input.canUpload ? article.slug : null)}
      ${assignedCell(ctx, input.assignments ?? [], article, p.locale)}
      <td class="wb-review-cell">${p.locale === article.sourceLocale ? ''
        : html`<a class="wb-button" href="/workbench/articles/${encodeURIComponent(article.slug)}/${p.locale}">${t('articles.review')}</a>`}</td>
    </tr>`));
  const statusOption = (value: ArticleStatus, key: string) =>
    html`<option value="${value}"${input.status === value ? unsafeRaw(' selected') : ''}>${t(`articles.${key}`)}</option>`;
  return layout(ctx, {
    title: t('articles.title'),
    active: 'articles',
    ...(input.canUpload ? { scripts: ['articles.js'], config: { csrfToken: ctx.csrfToken, strings: input.strings, user: ctx.user ? { name: ctx.user.name, role: ctx.user.role } : null } } : {}),
    body: html`
<h1>${t('articles.title')} <small>${t('articles.count', { count: input.total })}</small></h1>
${input.work ? yourWork(ctx, input.work) : ''}
${input.canUpload ? uploadForm(ctx) : ''}
<form class="wb-filters" role="search" method="get" action="/workbench/">
  <label>${t('articles.search')} <input type="search" name="q" maxlength="200" value="${input.q}"></label>
  <label>${t('articles.filterStatus')} <select name="status"><option value="">${t('articles.anyStatus')}</option>
    ${statusOption('in-progress', 'statusInProgress')}${statusOption('with-errors', 'statusWithErrors')}${statusOption('approved', 'statusApproved')}${statusOption('published', 'statusPublished')}
  </select></label>
  <button type="submit">${t('articles.searchButton')}</button>
</form>
${input.canUpload ? html`<p id="wb-release-status" class="wb-status" role="status" aria-live="polite"></p>` : ''}
${input.total === 0 ? html`<p>${t('articles.none')}</p>` : articles.length === 0 ? html`<p class="wb-none">${t('articles.noneMatch')}</p>` : html`
<div class="wb-scroll">
<table class="wb-articles">
  <thead><tr>
    <th scope="col">${t('articles.article')}</th><th scope="col">${t('articles.locale')}</th>
    ${UNIT_STATUSES.map((s) => html`<th scope="col" class="wb-num">${t(`status.${s}`)}</th>`)}
    <th scope="col" class="wb-num">${t('articles.errors')}</th><th scope="col">${t('articles.state')}</th><th scope="col">${t('articles.approvedShare')}</th><th scope="col">${t('articles.assigned')}</th><th scope="col"><span class="wb-visually-hidden">${t('articles.review')}</span></th>
  </tr></thead>
  <tbody>${rows}</tbody>
</table>
</div>`}`,
  });
}

/** The review page's queue buttons, in the order of their number keys (1 = all). */
const QUEUE_TABS = ['', ...QUEUES] as const;

/**
 * Every keyboard shortcut of the review page, in groups, as the `?` overlay lists them: the
 * key names (shown in <kbd>) and the string saying what it does. review.ts handles the same keys.
 */
export const SHORTCUTS: ReadonlyArray<{ group: string; keys: ReadonlyArray<{ keys: readonly string[]; does: string }> }> = [
  { group: 'keys.moving', keys: [
    { keys: ['j', '↓'], does: 'keys.next' },
    { keys: ['k', '↑'], does: 'keys.previous' },
    { keys: ['1', '2', '3', '4', '5'], does: 'keys.queues' },
    { keys: ['/'], does: 'keys.search' },
  ] },
  { group: 'keys.unit', keys: [
    { keys: ['Enter', 'e'], does: 'keys.edit' },
    { keys: ['s'], does: 'keys.suggestions' },
    { keys: ['a'], does: 'keys.approve' },
    { keys: ['x'], does: 'keys.select' },
    { keys: ['h'], does: 'keys.history' },
    { keys: ['c'], does: 'keys.comments' },
    { keys: ['r'], does: 'keys.repair' },
  ] },
  { group: 'keys.editor', keys: [
    { keys: ['Ctrl+Enter'], does: 'keys.saveNext' },
    { keys: ['Ctrl+Enter'], does: 'keys.postComment' },
    { keys: ['Alt+1', 'Alt+2', 'Alt+3'], does: 'keys.insertMatch' },
    { keys: ['Alt+.'], does: 'keys.insertCode' },
    { keys: ['Alt+Shift+←', 'Alt+Shift+→'], does: 'keys.moveCode' },
    { keys: ['Esc'], does: 'keys.close' },
  ] },
  { group: 'keys.general', keys: [
    { keys: ['Ctrl+K'], does: 'keys.concordance' },
    { keys: ['Tab', 'Shift+Tab'], does: 'keys.tab' },
    { keys: ['?'], does: 'keys.help' },
  ] },
];

/**
 * The concordance panel (browser/concordance.ts fills it): a phrase in English or Chinese, the
 * memory's units holding it with both sides side by side. Hidden until Ctrl+K or its button.
 */
function concordancePanel(ctx: PageContext) {
  const { t } = ctx;
  return html`<aside id="wb-concordance" class="wb-concordance" aria-labelledby="wb-concordance-title" hidden>
  <div class="wb-concordance-head"><h2 id="wb-concordance-title">${t('concordance.title')}</h2>
    <button type="button" class="wb-small" id="wb-concordance-close">${t('concordance.close')}</button></div>
  <form id="wb-concordance-form" class="wb-concordance-form" role="search">
    <label>${t('concordance.phrase')} <input type="search" name="q" maxlength="200" autocomplete="off"></label>
    <label>${t('concordance.language')} <select name="locale"><option value="">${t('concordance.anyLanguage')}</option>
      ${(['en', 'zh-Hans', 'zh-Hant'] as const).map((l) => html`<option value="${l}">${LOCALE_LABELS[l]}</option>`)}</select></label>
    <button type="submit">${t('concordance.search')}</button>
  </form>
  <p class="wb-note">${t('concordance.help')}</p>
  <p id="wb-concordance-status" class="wb-status" role="status" aria-live="polite"></p>
  <div id="wb-concordance-terms" class="wb-concordance-terms"></div>
  <ol id="wb-concordance-hits" class="wb-hits"></ol>
</aside>`;
}

function shortcutsDialog(ctx: PageContext) {
  const { t } = ctx;
  return html`<dialog id="wb-keys-dialog" class="wb-keys-dialog" aria-labelledby="wb-keys-title">
  <h2 id="wb-keys-title">${t('keys.title')}</h2>
  ${SHORTCUTS.map((group) => html`<h3>${t(group.group)}</h3>
  <dl class="wb-shortcuts">${group.keys.map((k) => html`<div><dt>${k.keys.map((key, i) => html`${i ? ' / ' : ''}<kbd>${key}</kbd>`)}</dt><dd>${t(k.does)}</dd></div>`)}</dl>`)}
  <form method="dialog"><button type="submit" id="wb-keys-close">${t('keys.closeButton')}</button></form>
</dialog>`;
}

export function reviewPage(ctx: PageContext, input: { article: ArticleDocument; locale: Locale; strings: Record<string, unknown>; selfReview?: boolean; queue?: Queue | '' }): string {
  const { t, user } = ctx;
  const { article, locale } = input;
  return layout(ctx, {
    title: `${t('review.title')}: ${article.title} (${locale})`,
    active: 'articles',
    scripts: ['review.js'],
    config: {
      slug: article.slug, locale, sourceLocale: article.sourceLocale, csrfToken: ctx.csrfToken,
      user: user ? { name: user.name, role: user.role } : null, strings: input.strings,
      localeLabel: LOCALE_LABELS[locale], sourceLabel: LOCALE_LABELS[article.sourceLocale], selfReview: input.selfReview === true,
    },
    body: html`
<p class="wb-breadcrumb"><a href="/workbench/">← ${t('review.back')}</a></p>
<h1>${article.title} <small class="wb-locale">${LOCALE_LABELS[locale]} <code>${locale}</code></small></h1>
<p class="wb-progress" id="wb-progress" aria-live="polite"></p>
<div class="wb-assignments" id="wb-assignments"></div>
<p class="wb-note" id="wb-review-rule">${input.selfReview ? t('review.selfReview') : t('review.fourEyes')}
  <a href="/workbench/qa?slug=${article.slug}&amp;locale=${locale}">${t('review.qaLink')}</a></p>
<form id="wb-filters" class="wb-filters" role="search">
  <label>${t('review.status')} <select name="status"><option value="">${t('review.anyStatus')}</option>
    ${UNIT_STATUSES.map((s) => html`<option value="${s}">${t(`status.${s}`)}</option>`)}</select></label>
  <label>${t('review.origin')} <select name="origin"><option value="">${t('review.anyOrigin')}</option>
    ${UNIT_ORIGINS.map((o) => html`<option value="${o}">${t(`origins.${o.replace(/[^a-z0-9-]/gi, '-')}`)}</option>`)}</select></label>
  <label>${t('review.findings')} <select name="check" id="wb-check"><option value="">${t('review.anyCheck')}</option></select></label>
  <label class="wb-inline"><input type="checkbox" name="findings" value="1"> ${t('review.withFindings')}</label>
  <label>${t('review.search')} <input type="search" name="q" maxlength="500"></label>
  <button type="submit">${t('review.apply')}</button>
  <button type="reset">${t('review.reset')}</button>
</form>
<div class="wb-queues" id="wb-queues" role="group" aria-label="${t('queues.label')}">
  ${QUEUE_TABS.map((q, i) => html`<button type="button" class="wb-queue" data-queue="${q}" aria-pressed="${q === input.queue ? 'true' : 'false'}" aria-keyshortcuts="${i + 1}">${t(`queues.${q || 'all'}`)} <span class="wb-queue-count" data-count-for="${q || 'all'}"></span></button>`)}
</div>
<div class="wb-toolbar">
  <label class="wb-inline"><input type="checkbox" id="wb-select-all"> ${t('review.selectAll')}</label>
  <button type="button" id="wb-approve-selected" disabled>${t('review.approveSelected')}</button>
  <button type="button" id="wb-mark-translated" disabled>${t('bulk.markTranslated')}</button>
  <button type="button" id="wb-recheck" disabled>${t('bulk.recheck')}</button>
  <button type="button" id="wb-approve-all">${t('review.approveAll')}</button>
  ${user && CAN_EDIT.includes(user.role) ? html`<button type="button" id="wb-preferred-terms">${t('review.preferredTerms')}</button>` : ''}
  <span id="wb-selected"></span>
  <span id="wb-status" class="wb-status" role="status" aria-live="polite"></span>
</div>
<section id="wb-bulk" class="wb-bulk" aria-labelledby="wb-bulk-title" hidden></section>
<p class="wb-keys">${t('review.keyboard')} <button type="button" class="wb-small" id="wb-keys-open" aria-keyshortcuts="?" aria-haspopup="dialog">${t('keys.open')}</button>
  <button type="button" class="wb-small" id="wb-concordance-open" aria-keyshortcuts="Control+K" aria-controls="wb-concordance" aria-expanded="false">${t('concordance.open')}</button></p>
${shortcutsDialog(ctx)}
<table class="wb-review" id="wb-review">
  <thead><tr>
    <th scope="col"><span class="wb-visually-hidden">${t('review.select')}</span></th>
    <th scope="col">${t('review.position')}</th>
    <th scope="col">${LOCALE_LABELS[article.sourceLocale]}</th>
    <th scope="col">${LOCALE_LABELS[locale]}</th>
    <th scope="col">${t('review.status')}</th>
    <th scope="col">${t('review.origin')}</th>
    <th scope="col">${t('review.bead')}</th>
    <th scope="col">${t('review.findings')}</th>
    <th scope="col">${t('review.actions')}</th>
  </tr></thead>
  <tbody id="wb-units"><tr><td colspan="9">${t('review.loading')}</td></tr></tbody>
</table>
${concordancePanel(ctx)}`,
  });
}

export function termbasePage(ctx: PageContext, input: { strings: Record<string, unknown>; canEdit: boolean }): string {
  const { t } = ctx;
  return layout(ctx, {
    title: t('termbase.title'),
    active: 'termbase',
    scripts: ['termbase.js'],
    config: {
      csrfToken: ctx.csrfToken, canEdit: input.canEdit, strings: input.strings,
      user: ctx.user ? { name: ctx.user.name, role: ctx.user.role } : null,
    },
    body: html`
<h1>${t('termbase.title')}</h1>
<form id="tb-search" class="wb-filters" role="search">
  <label>${t('termbase.search')} <input type="search" name="q" maxlength="300"></label>
  <button type="submit">${t('termbase.searchButton')}</button>
  <span class="wb-export">${t('termbase.export')}: <a href="/api/termbase/export?format=tbx" download>TBX</a> · <a href="/api/termbase/export?format=csv" download>CSV</a></span>
</form>
<div id="tb-status" class="wb-status" role="status" aria-live="polite"></div>
<div id="tb-affected"></div>
${input.canEdit ? html`
<div class="wb-toolbar">
  <button type="button" id="tb-add">${t('termbase.add')}</button>
</div>
<form id="tb-editor" class="tb-editor" hidden></form>
<details class="tb-import">
  <summary>${t('termbase.import')}</summary>
  <form id="tb-import">
    <label>${t('termbase.file')} <input type="file" name="file" accept=".tbx,.xml,.csv" required></label>
    <label>${t('termbase.format')} <select name="format"><option value="tbx">TBX</option><option value="csv">CSV</option></select></label>
    <button type="submit">${t('termbase.preview')}</button>
  </form>
</details>
<section id="tb-import-preview" class="tb-import-preview" aria-live="polite" hidden></section>` : html`<p class="wb-note">${t('termbase.readOnly')}</p>`}
<table class="wb-concepts" id="tb-concepts">
  <thead><tr><th scope="col">${t('termbase.concept')}</th><th scope="col">${t('termbase.terms')}</th><th scope="col">${t('termbase.note')}</th><th scope="col">${t('termbase.actions')}</th></tr></thead>
  <tbody id="tb-list"></tbody>
</table>`,
  });
}

export interface QaPageInput {
  report: QaReport & { units: QaUnitPlace[] };
  /** The English source's findings of the article shown (with `slug` only). */
  source: SourceFinding[] | null;
  articles: ArticleDocument[];
  slug: string | null;
  locale: Locale | null;
  locales: readonly Locale[];
}

/** The QA report: open findings by check, overrides, released units in error, the English source's warnings; CSV from the API. */
export function qaPage(ctx: PageContext, input: QaPageInput): string {
  const { t } = ctx;
  const place = new Map(input.report.units.map((u) => [u.unitId, u]));
  const where = (unitId: number) => {
    const u = place.get(unitId);
    if (!u) return html`${unitId}`;
    return html`<a href="/workbench/articles/${u.articleSlug}/${u.locale}#unit-${unitId}">${u.articleSlug}</a> <code>${u.locale}</code> #${(u.position ?? 0) + 1}`;
  };
  const query = new URLSearchParams({ ...(input.slug ? { slug: input.slug } : {}), ...(input.locale ? { locale: input.locale } : {}) });
  const csv = `/api/qa?${new URLSearchParams([...query.entries(), ['format', 'csv']]).toString()}`;
  const { findings, overrides, releasedWithFindings } = input.report;
  return layout(ctx, {
    title: t('qa.title'),
    active: 'qa',
    body: html`
<h1>${t('qa.title')}</h1>
<form method="get" action="/workbench/qa" class="wb-filters" id="qa-scope">
  <label>${t('qa.scope')} <select name="slug"><option value="">${t('qa.allArticles')}</option>
    ${input.articles.map((a) => html`<option value="${a.slug}"${a.slug === input.slug ? unsafeRaw(' selected') : ''}>${a.title}</option>`)}</select></label>
  <label>${t('qa.locale')} <select name="locale"><option value="">${t('qa.allLocales')}</option>
    ${input.locales.map((l) => html`<option value="${l}"${l === input.locale ? unsafeRaw(' selected') : ''}>${LOCALE_LABELS[l]}</option>`)}</select></label>
  <button type="submit">${t('qa.show')}</button>
  <a href="${csv}" download id="qa-csv">${t('qa.csv')}</a>
</form>
<section aria-labelledby="qa-findings-h">
<h2 id="qa-findings-h">${t('qa.findings')} <small>(${findings.length})</small></h2>
${findings.length === 0 ? html`<p>${t('qa.noFindings')}</p>` : html`
<table class="wb-qa" id="qa-findings">
  <thead><tr><th scope="col">${t('qa.check')}</th><th scope="col">${t('qa.severity')}</th><th scope="col">${t('qa.where')}</th><th scope="col">${t('qa.message')}</th></tr></thead>
  <tbody>${findings.map((f) => html`<tr class="wb-sev-${f.severity}" data-unit-id="${f.unitId}"><td><code>${f.checkId}</code></td><td>${f.severity}</td><td>${where(f.unitId)}</td><td>${f.message}</td></tr>`)}</tbody>
</table>`}
</section>
<section aria-labelledby="qa-overrides-h">
<h2 id="qa-overrides-h">${t('qa.overrides')} <small>(${overrides.length})</small></h2>
${overrides.length === 0 ? html`<p>${t('qa.noOverrides')}</p>` : html`
<table class="wb-qa" id="qa-overrides">
  <thead><tr><th scope="col">${t('qa.check')}</th><th scope="col">${t('qa.where')}</th><th scope="col">${t('qa.reason')}</th><th scope="col">${t('qa.by')}</th><th scope="col">${t('qa.at')}</th></tr></thead>
  <tbody>${overrides.map((o) => html`<tr data-unit-id="${o.unitId}"><td><code>${o.checkId}</code></td><td>${where(o.unitId)}</td><td>${o.reason}</td><td>${o.by}</td><td><time datetime="${o.at}">${o.at}</time></td></tr>`)}</tbody>
</table>`}
</section>
<section aria-labelledby="qa-released-h">
<h2 id="qa-released-h">${t('qa.released')} <small>(${releasedWithFindings.length})</small></h2>
<p class="wb-note">${t('qa.releasedHelp')}</p>
${releasedWithFindings.length === 0 ? html`<p>${t('qa.noReleased')}</p>` : html`
<table class="wb-qa" id="qa-released">
  <thead><tr><th scope="col">${t('qa.check')}</th><th scope="col">${t('qa.where')}</th></tr></thead>
  <tbody>${releasedWithFindings.map((r) => html`<tr data-unit-id="${r.unitId}"><td><code>${r.checkId}</code></td><td>${where(r.unitId)}</td></tr>`)}</tbody>
</table>`}
</section>
${input.source === null ? '' : html`
<section aria-labelledby="qa-source-h">
<h2 id="qa-source-h">${t('qa.source')} <small>(${input.source.length})</small></h2>
<p class="wb-note">${t('qa.sourceHelp')}</p>
${input.source.length === 0 ? html`<p>${t('qa.noSource')}</p>` : html`
<table class="wb-qa" id="qa-source">
  <thead><tr><th scope="col">${t('qa.check')}</th><th scope="col">${t('qa.severity')}</th><th scope="col">${t('qa.position')}</th><th scope="col">${t('qa.message')}</th></tr></thead>
  <tbody>${input.source.map((f) => html`<tr class="wb-sev-${f.severity}"><td><code>${f.checkId}</code></td><td>${f.severity}</td><td>#${f.position + 1}</td><td>${f.message}</td></tr>`)}</tbody>
</table>`}
</section>`}`,
  });
}

export function errorPage(ctx: PageContext, status: number, message: string): string {
  const { t } = ctx;
  return layout(ctx, {
    title: `${status} ${t('errors.title')}`,
    body: html`
<h1>${status} ${t('errors.title')}</h1>
<p class="wb-message wb-error">${message}</p>
<p><a href="/workbench/">${t('errors.back')}</a></p>`,
  });
}
