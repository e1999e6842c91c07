/*
 * Bulk actions on the review page's selection (the units shown by the filters and queue, ticked):
 * approve (each unit at the version shown; the blocked ones then get one reason per check and are
 * approved with the overrides each needs), mark translated, re-run checks. Each is one request
 * (one transaction on the server); the summary says what was done and what was not, and why.
 */
import { api, clear, el, errorText, findingList, t, type ApiResult } from './common';
import type { BulkApproval, Finding, Unit } from './types';

export interface MarkTranslated { translated: number[]; unchanged: number[]; stale: number[]; untranslated: number[]; approved: number[]; notFound: number[] }
export interface Recheck { rechecked: number[]; changed: number[]; nowInError: number[]; cleared: number[]; notFound: number[] }

export interface BulkContext {
  articlePath: string;
  locale: string;
  box: HTMLElement;
  /** The units shown now (the selection's versions come from here). */
  units: () => Unit[];
  /** Reloads the table (after a batch) and resolves when it is shown. */
  reload: () => Promise<void>;
  say: (message: string, isError?: boolean) => void;
}

/** Positions of the units seen in this page (a unit that left the filter after a batch keeps its number). */
const positions = new Map<number, number | null>();

function remember(units: Unit[]): void {
  for (const unit of units) positions.set(unit.id, unit.position);
}

function numberOf(units: Unit[], id: number): string {
  remember(units);
  const position = positions.get(id);
  return position !== undefined && position !== null ? `#${position + 1}` : `id ${id}`;
}

/** A line of the summary: "3 approved: #1, #2, #5" with links to the units. */
function line(kind: string, label: string, ids: number[], units: Unit[]): HTMLElement | null {
  if (ids.length === 0) return null;
  return el('li', { class: `wb-bulk-${kind}`, 'data-kind': kind }, [
    el('strong', { text: label }), ' ',
    ...ids.flatMap((id, i) => [i ? ', ' : '', el('a', { href: `#unit-${id}`, text: numberOf(units, id) })]),
  ]);
}

function showSummary(ctx: BulkContext, title: string, items: Array<HTMLElement | null>, extra?: HTMLElement): void {
  clear(ctx.box);
  ctx.box.hidden = false;
  const heading = el('h2', { id: 'wb-bulk-title', tabindex: '-1', text: title });
  ctx.box.appendChild(heading);
  ctx.box.appendChild(el('ul', { class: 'wb-bulk-lines' }, items));
  if (extra) ctx.box.appendChild(extra);
  ctx.box.appendChild(el('button', { type: 'button', 'data-action': 'close-bulk', text: t('review.close'), onclick: () => { clear(ctx.box); ctx.box.hidden = true; } }));
  heading.focus();
}

const seen = (units: Unit[], ids: Iterable<number>) => {
  const byId = new Map(units.map((u) => [u.id, u]));
  return Array.from(ids).flatMap((id) => (byId.has(id) ? [{ id, version: byId.get(id)!.version }] : []));
};

type Seen = { id: number; version: number; overrides?: Array<{ checkId: string; reason: string }> };
type Approval = BulkApproval & { refused?: Array<{ id: number; error: string }>; notFound?: number[] };

/** Approves the selection, each unit at the version shown; blocked units come back with a form for the reasons. */
export async function approveSelection(ctx: BulkContext, ids: Iterable<number>): Promise<void> {
  await approveSeen(ctx, seen(ctx.units(), ids));
}

async function approveSeen(ctx: BulkContext, sent: Seen[]): Promise<void> {
  const shown = ctx.units();
  remember(shown);
  await reportApproval(ctx, await api<Approval>('POST', `${ctx.articlePath}/approve`, { locale: ctx.locale, units: sent }), shown, sent);
}

/** Every unit shown (the current filter and queue) that is not approved yet, each at the version shown. */
export async function approveEverything(ctx: BulkContext): Promise<void> {
  const open = ctx.units().filter((u) => u.target.status !== 'approved');
  if (open.length === 0) { ctx.say(t('bulk.nothingToApprove')); return; }
  await approveSeen(ctx, open.map((u) => ({ id: u.id, version: u.version })));
}

async function reportApproval(ctx: BulkContext, result: ApiResult<Approval>, shown: Unit[], sent: Seen[] | null): Promise<void> {
  if (!result.ok) { ctx.say(errorText(result), true); return; }
  const d = result.data;
  await ctx.reload();
  const units = ctx.units().length ? ctx.units() : shown;
  const refused = d.refused ?? [];
  ctx.say(t('review.approvedCount', { approved: d.approved.length, blocked: d.blocked.length, untranslated: d.untranslated.length }), d.blocked.length > 0);
  showSummary(ctx, t('bulk.approveTitle'), [
    line('done', t('bulk.approved', { count: d.approved.length }), d.approved, units),
    line('blocked', t('bulk.blocked', { count: d.blocked.length }), d.blocked.map((b) => b.id), units),
    line('stale', t('bulk.stale', { count: (d.stale ?? []).length }), d.stale ?? [], units),
    line('untranslated', t('bulk.untranslated', { count: d.untranslated.length }), d.untranslated, units),
    ...refused.map((r) => el('li', { class: 'wb-bulk-refused', 'data-kind': 'refused' }, [
      el('strong', { text: t('bulk.refused') }), ' ', el('a', { href: `#unit-${r.id}`, text: numberOf(units, r.id) }), ` — ${r.error}`,
    ])),
    line('missing', t('bulk.notFound', { count: (d.notFound ?? []).length }), d.notFound ?? [], units),
  ], d.blocked.length ? overrideForm(ctx, d.blocked, sent) : undefined);
}

/**
 * One reason per error check, given to every blocked unit with that check: each unit is then
 * approved with exactly the overrides it needs.
 */
function overrideForm(ctx: BulkContext, blocked: Array<{ id: number; findings: Finding[] }>, sent: Seen[] | null): HTMLElement {
  const units = ctx.units();
  // A blocked unit was not written: it is still at the version sent (or, for "approve all", the one shown now).
  const versions = new Map([...units.map((u) => [u.id, u.version] as const), ...(sent ?? []).map((u) => [u.id, u.version] as const)]);
  const byCheck = new Map<string, Array<{ id: number; findings: Finding[] }>>();
  for (const b of blocked) {
    for (const checkId of new Set(b.findings.filter((f) => f.severity === 'error').map((f) => f.checkId))) {
      byCheck.set(checkId, [...(byCheck.get(checkId) ?? []), { id: b.id, findings: b.findings.filter((f) => f.checkId === checkId) }]);
    }
  }
  const reasons = new Map<string, HTMLTextAreaElement>();
  const message = el('p', { class: 'wb-message', role: 'alert' });
  const form = el('form', {
    class: 'wb-bulk-override', onsubmit: (event) => {
      event.preventDefault();
      const empty = Array.from(reasons.values()).find((r) => !r.value.trim());
      if (empty) { message.textContent = t('review.reasonRequired'); message.className = 'wb-message wb-error'; empty.focus(); return; }
      const overrides = new Map<number, Array<{ checkId: string; reason: string }>>();
      for (const [checkId, list] of byCheck) {
        for (const { id } of list) overrides.set(id, [...(overrides.get(id) ?? []), { checkId, reason: reasons.get(checkId)!.value.trim() }]);
      }
      void approveSeen(ctx, Array.from(overrides, ([id, list]) => ({ id, version: versions.get(id) ?? 0, overrides: list })));
    },
  }, [
    el('h3', { text: t('bulk.overrideTitle') }),
    ...Array.from(byCheck, ([checkId, list]) => {
      const reason = el('textarea', { rows: 2, maxlength: 2000, 'data-check-id': checkId, 'aria-label': `${t('review.overrideReason')}: ${checkId}` });
      reasons.set(checkId, reason);
      return el('fieldset', { class: 'wb-override-check', 'data-check-id': checkId }, [
        el('legend', {}, [el('code', { text: checkId }), ` — ${t('bulk.units', { count: list.length })}: ${list.map((b) => numberOf(units, b.id)).join(', ')}`]),
        findingList(list.flatMap((b) => b.findings).slice(0, 5)),
        el('label', {}, [`${t('bulk.oneReason')} `, reason]),
      ]);
    }),
    el('div', { class: 'wb-buttons' }, [el('button', { type: 'submit', 'data-action': 'bulk-override', text: t('bulk.overrideApprove', { count: blocked.length }) })]),
    message,
  ]);
  form.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') { event.preventDefault(); form.requestSubmit(); }
  });
  return form;
}

export async function markSelectionTranslated(ctx: BulkContext, ids: Iterable<number>): Promise<void> {
  remember(ctx.units());
  const result = await api<MarkTranslated>('POST', `${ctx.articlePath}/mark-translated`, { locale: ctx.locale, units: seen(ctx.units(), ids) });
  if (!result.ok) { ctx.say(errorText(result), true); return; }
  const d = result.data;
  await ctx.reload();
  const units = ctx.units();
  ctx.say(t('bulk.translatedSaid', { count: d.translated.length }));
  showSummary(ctx, t('bulk.translateTitle'), [
    line('done', t('bulk.translated', { count: d.translated.length }), d.translated, units),
    line('unchanged', t('bulk.unchanged', { count: d.unchanged.length }), d.unchanged, units),
    line('approved', t('bulk.keptApproved', { count: d.approved.length }), d.approved, units),
    line('stale', t('bulk.stale', { count: d.stale.length }), d.stale, units),
    line('untranslated', t('bulk.untranslated', { count: d.untranslated.length }), d.untranslated, units),
    line('missing', t('bulk.notFound', { count: d.notFound.length }), d.notFound, units),
  ]);
}

export async function recheckSelection(ctx: BulkContext, ids: Iterable<number>): Promise<void> {
  remember(ctx.units());
  const result = await api<Recheck>('POST', `${ctx.articlePath}/recheck`, { locale: ctx.locale, ids: Array.from(ids) });
  if (!result.ok) { ctx.say(errorText(result), true); return; }
  const d = result.data;
  await ctx.reload();
  const units = ctx.units();
  ctx.say(t('bulk.recheckedSaid', { count: d.rechecked.length, changed: d.changed.length }));
  showSummary(ctx, t('bulk.recheckTitle', { count: d.rechecked.length }), [
    line('changed', t('bulk.changed', { count: d.changed.length }), d.changed, units),
    line('blocked', t('bulk.nowInError', { count: d.nowInError.length }), d.nowInError, units),
    line('done', t('bulk.cleared', { count: d.cleared.length }), d.cleared, units),
    d.changed.length === 0 ? el('li', { text: t('bulk.nothingChanged') }) : null,
    line('missing', t('bulk.notFound', { count: d.notFound.length }), d.notFound, units),
  ]);
}
