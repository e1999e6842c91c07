/**
 * The admin's account page (`/workbench/users`: list, add, disable, enable, role, reset, the
 * latest audit entries) and every user's own account page (`/workbench/account`: password,
 * API token). Plain forms, each with the session's CSRF token (checked by `auth` before any
 * handler runs), so they work without the script; `browser/admin.ts` only adds a confirmation
 * step to the changes that lock someone out. Credentials are shown once, in the answer to the
 * POST that made them, never in a URL.
 */
import express, { type Request, type Response, type Router } from 'express';
import {
  LastAdminError, NotFoundError, ROLES, WorkflowInputError,
  type Actor, type AuditEntry, type User, type Workflow,
} from '../../workflow';
import { CAN_ADMINISTER, CSRF_FIELD, clientIp, currentUser, principalOf, type Auth } from '../auth';
import { html, unsafeRaw, type SafeHtml } from '../http';
import { layout, type PageContext } from './pages';
import type { Strings, Translate } from './strings';

export interface AdminDeps {
  workflow: Workflow;
  auth: Auth;
  t: Translate;
  strings: Strings;
  context(res: Response): PageContext;
  send(res: Response, status: number, page: string): void;
}

/** Token lifetimes offered by the forms (the API and CLI take any `90d`, `12w`, `36h`). */
const LIFETIMES = ['', '30d', '90d', '365d'] as const;

interface Shown { name: string; password?: string; token: string }

function csrf(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrfToken ?? ''}">`;
}

function credentials(ctx: PageContext, shown: Shown): SafeHtml {
  const { t } = ctx;
  return html`
<div class="wb-message wb-once" role="status" id="wb-credentials">
  <p>${shown.password ? t('users.createdOnce', { name: shown.name }) : t('account.tokenOnce')}</p>
  <dl>
    ${shown.password ? html`<dt>${t('users.password')}</dt><dd><code data-copy>${shown.password}</code></dd>` : ''}
    <dt>${t('users.token')}</dt><dd><code data-copy>${shown.token}</code></dd>
  </dl>
</div>`;
}

/** The few strings the page's script shows (its confirmation step and copy buttons). */
function scriptConfig(ctx: PageContext): Record<string, unknown> {
  const { t } = ctx;
  return { strings: { users: { confirm: t('users.confirm'), cancel: t('users.cancel'), copy: t('users.copy'), copied: t('users.copied') }, account: { mismatch: t('account.mismatch') } } };
}

function lifetimeSelect(ctx: PageContext, name = 'expires'): SafeHtml {
  const { t } = ctx;
  return html`<select name="${name}">${LIFETIMES.map((l) => html`<option value="${l}">${t(`users.lifetime.${l || 'never'}`)}</option>`)}</select>`;
}

export interface UsersPageInput {
  users: User[];
  audit: AuditEntry[];
  shown?: Shown;
  message?: string;
  done?: string;
}

export function usersPage(ctx: PageContext, input: UsersPageInput): string {
  const { t } = ctx;
  const me = ctx.user?.name;
  // The store refuses to disable or demote the last enabled admin; say so before the click.
  const enabledAdmins = input.users.filter((u) => u.role === 'admin' && !u.disabled);
  const lastAdmin = enabledAdmins.length === 1 ? enabledAdmins[0]!.name : null;
  const row = (u: User) => {
    const locked = u.name === lastAdmin;
    const lockedAttrs = locked ? html` disabled title="${t('users.lastAdmin')}"` : '';
    const action = (what: string) => `/workbench/users/${encodeURIComponent(u.name)}/${what}`;
    const token = u.tokenHash === '' ? t('users.noToken') : u.tokenExpiresAt ? t('users.tokenExpires', { at: u.tokenExpiresAt.slice(0, 10) }) : t('users.tokenNever');
    return html`<tr data-user="${u.name}"${u.disabled ? unsafeRaw(' class="wb-disabled"') : ''}>
  <th scope="row">${u.name}${u.name === me ? html` <span class="wb-badge">${t('users.you')}</span>` : ''}</th>
  <td>
    <form method="post" action="${action('role')}" class="wb-inline" data-confirm="${t('users.confirmRole', { name: u.name })}">
      ${csrf(ctx)}
      <label><span class="wb-visually-hidden">${t('users.roleOf', { name: u.name })}</span>
        <select name="role">${ROLES.map((r) => html`<option value="${r}"${r === u.role ? unsafeRaw(' selected') : ''}>${t(`roles.${r}`)}</option>`)}</select></label>
      <button type="submit"${lockedAttrs}>${t('users.changeRole')}</button>
    </form>
  </td>
  <td data-label="${t('users.status')}">${u.disabled ? html`<span class="wb-badge wb-has-errors">${t('users.disabled')}</span>` : t('users.enabled')}</td>
  <td data-label="${t('users.token')}">${token}</td>
  <td data-label="${t('users.created')}">${u.createdAt.slice(0, 10)}</td>
  <td class="wb-actions">
    ${u.disabled
    ? html`<form method="post" action="${action('enable')}" class="wb-inline">${csrf(ctx)}<button type="submit">${t('users.enable')}</button></form>`
    : html`<form method="post" action="${action('disable')}" class="wb-inline" data-confirm="${t('users.confirmDisable', { name: u.name })}">${csrf(ctx)}<button type="submit"${lockedAttrs}>${t('users.disable')}</button></form>${locked ? html` <small class="wb-hint">${t('users.lastAdmin')}</small>` : ''}`}
    <form method="post" action="${action('reset')}" class="wb-inline" data-confirm="${t('users.confirmReset', { name: u.name })}">${csrf(ctx)}<button type="submit">${t('users.reset')}</button></form>
  </td>
</tr>`;
  };
  return layout(ctx, {
    title: t('users.title'),
    active: 'users',
    scripts: ['admin.js'],
    config: scriptConfig(ctx),
    body: html`
<h1>${t('users.title')}</h1>
${input.message ? html`<p class="wb-message wb-error" role="alert">${input.message}</p>` : ''}
${input.done ? html`<p class="wb-message" role="status">${input.done}</p>` : ''}
${input.shown ? credentials(ctx, input.shown) : ''}
<table class="wb-users">
  <thead><tr><th scope="col">${t('users.name')}</th><th scope="col">${t('users.role')}</th><th scope="col">${t('users.status')}</th>
    <th scope="col">${t('users.token')}</th><th scope="col">${t('users.created')}</th><th scope="col">${t('users.actions')}</th></tr></thead>
  <tbody>${input.users.map(row)}</tbody>
</table>
<p class="wb-hint">${t('users.effect')}</p>
<h2>${t('users.add')}</h2>
<form method="post" action="/workbench/users" class="wb-form" id="wb-add-user">
  ${csrf(ctx)}
  <label>${t('users.name')} <input name="name" required maxlength="64" autocomplete="off"></label>
  <label>${t('users.role')} <select name="role">${ROLES.map((r) => html`<option value="${r}">${t(`roles.${r}`)}</option>`)}</select></label>
  <label>${t('users.expires')} ${lifetimeSelect(ctx)}</label>
  <button type="submit">${t('users.submit')}</button>
</form>
<h2>${t('users.audit')}</h2>
<p><a href="/api/audit?format=csv" download>${t('users.auditCsv')}</a></p>
<div class="wb-scroll" tabindex="0" role="region" aria-label="${t('users.audit')}">
<table class="wb-audit">
  <thead><tr><th scope="col">${t('users.at')}</th><th scope="col">${t('users.actor')}</th><th scope="col">${t('users.action')}</th>
    <th scope="col">${t('users.target')}</th><th scope="col">${t('users.ip')}</th><th scope="col">${t('users.detail')}</th></tr></thead>
  <tbody>${input.audit.map((e) => html`<tr><td>${e.at.replace('T', ' ').slice(0, 19)}</td><td>${e.actor}</td><td><code>${e.action}</code></td><td>${e.target ?? ''}</td><td>${e.ip ?? ''}</td><td>${e.detail ?? ''}</td></tr>`)}</tbody>
</table>
</div>`,
  });
}

export function accountPage(ctx: PageContext, input: { user: User; message?: string; done?: string; token?: string }): string {
  const { t } = ctx;
  const u = input.user;
  const token = u.tokenHash === '' ? t('users.noToken') : u.tokenExpiresAt ? t('users.tokenExpires', { at: u.tokenExpiresAt.slice(0, 10) }) : t('users.tokenNever');
  return layout(ctx, {
    title: t('account.title'),
    scripts: ['admin.js'],
    config: scriptConfig(ctx),
    body: html`
<h1>${t('account.title')}</h1>
<p>${t('nav.signedInAs', { name: u.name, role: t(`roles.${u.role}`) })}</p>
${input.message ? html`<p class="wb-message wb-error" role="alert">${input.message}</p>` : ''}
${input.done ? html`<p class="wb-message" role="status">${input.done}</p>` : ''}
${input.token ? credentials(ctx, { name: u.name, token: input.token }) : ''}
<h2>${t('account.password')}</h2>
<form method="post" action="/workbench/account/password" class="wb-form" id="wb-password">
  ${csrf(ctx)}
  <input type="text" name="username" autocomplete="username" value="${u.name}" hidden>
  <label>${t('account.current')} <input name="current" type="password" autocomplete="current-password" required maxlength="200"></label>
  <label>${t('account.new')} <input name="password" type="password" autocomplete="new-password" required minlength="10" maxlength="200"></label>
  <label>${t('account.repeat')} <input name="repeat" type="password" autocomplete="new-password" required minlength="10" maxlength="200"></label>
  <button type="submit">${t('account.change')}</button>
</form>
<h2>${t('account.token')}</h2>
<p>${token}</p>
<form method="post" action="/workbench/account/token" class="wb-form" id="wb-token" data-confirm="${t('account.confirmToken')}">
  ${csrf(ctx)}
  <label>${t('users.expires')} ${lifetimeSelect(ctx)}</label>
  <button type="submit">${t('account.newToken')}</button>
</form>`,
  });
}

/** The routes of both pages, mounted inside the workbench router (after `auth`). */
export function adminRoutes({ workflow, auth, t, context, send }: AdminDeps): Router {
  const router = express.Router();
  const admin = auth.requireRole(...CAN_ADMINISTER);
  const actor = (req: Request, res: Response): Actor => ({ name: currentUser(res).name, ip: clientIp(req) });
  const field = (req: Request, name: string): string => {
    const value = (req.body as Record<string, unknown> | undefined)?.[name];
    return typeof value === 'string' ? value.trim().slice(0, 200) : '';
  };
  const expires = (req: Request) => (field(req, 'expires') ? { expires: field(req, 'expires') } : {});

  const showUsers = async (res: Response, status: number, extra: Omit<UsersPageInput, 'users' | 'audit'> = {}) => {
    const audit = (await workflow.auditLog({ since: new Date(Date.now() - 30 * 86_400_000).toISOString(), limit: 10_000 })).slice(-50).reverse();
    send(res, status, usersPage(context(res), { users: await workflow.listUsers(), audit, ...extra }));
  };

  /** The refusals a person can act on become a message on the page; anything else is the router's. */
  const refusal = (error: unknown): { status: number; message: string } | null => {
    if (error instanceof LastAdminError) return { status: 409, message: error.message };
    if (error instanceof WorkflowInputError) return { status: 400, message: error.message };
    if (error instanceof NotFoundError) return { status: 404, message: error.message };
    return null;
  };

  router.get('/users', admin, async (req, res) => {
    const done = typeof req.query.done === 'string' ? req.query.done : '';
    const name = typeof req.query.name === 'string' ? req.query.name.slice(0, 64) : '';
    const known = ['disabled', 'enabled', 'role'].includes(done);
    await showUsers(res, 200, known ? { done: t(`users.done.${done}`, { name }) } : {});
  });

  router.post('/users', admin, async (req, res) => {
    try {
      const account = await workflow.addUser(field(req, 'name'), field(req, 'role'), { actor: actor(req, res), ...expires(req) });
      await showUsers(res, 201, { shown: { name: account.user.name, password: account.password, token: account.token } });
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      await showUsers(res, refused.status, { message: refused.message });
    }
  });

  /** A change, then back to the list (303), so a reload does not send the form again. */
  const change = (what: 'disable' | 'enable' | 'role') => async (req: Request, res: Response) => {
    const name = String(req.params.name ?? '').slice(0, 64);
    try {
      if (what === 'disable') await workflow.disableUser(name, actor(req, res));
      else if (what === 'enable') await workflow.enableUser(name, actor(req, res));
      else await workflow.setUserRole(name, field(req, 'role'), actor(req, res));
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      await showUsers(res, refused.status, { message: refused.message });
      return;
    }
    // Changing your own access ends your own session: the list would only ask you to log in.
    const done = { disable: 'disabled', enable: 'enabled', role: 'role' }[what];
    res.redirect(303, `/workbench/users?done=${done}&name=${encodeURIComponent(name)}`);
  };
  router.post('/users/:name/disable', admin, change('disable'));
  router.post('/users/:name/enable', admin, change('enable'));
  router.post('/users/:name/role', admin, change('role'));

  router.post('/users/:name/reset', admin, async (req, res) => {
    const name = String(req.params.name ?? '').slice(0, 64);
    try {
      const account = await workflow.resetUser(name, { actor: actor(req, res), ...expires(req) });
      await showUsers(res, 200, { shown: { name: account.user.name, password: account.password, token: account.token } });
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      await showUsers(res, refused.status, { message: refused.message });
    }
  });

  router.get('/account', auth.requireUser, (_req, res) => {
    send(res, 200, accountPage(context(res), { user: currentUser(res) }));
  });

  router.post('/account/password', auth.requireUser, async (req, res) => {
    const principal = principalOf(res)!;
    const password = typeof req.body?.password === 'string' ? String(req.body.password) : '';
    const repeat = typeof req.body?.repeat === 'string' ? String(req.body.repeat) : '';
    if (password !== repeat) {
      send(res, 400, accountPage(context(res), { user: principal.user, message: t('account.mismatch') }));
      return;
    }
    try {
      await workflow.changePassword(principal.user, {
        current: typeof req.body?.current === 'string' ? String(req.body.current).slice(0, 200) : '', password, ip: clientIp(req),
        ...(principal.session ? { keepSessionIdHash: principal.session.idHash } : {}),
      });
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      send(res, refused.status, accountPage(context(res), { user: principal.user, message: refused.message }));
      return;
    }
    send(res, 200, accountPage(context(res), { user: principal.user, done: t('account.changed') }));
  });

  router.post('/account/token', auth.requireUser, async (req, res) => {
    const user = currentUser(res);
    try {
      const token = await workflow.rotateToken(user, { ip: clientIp(req), ...expires(req) });
      const fresh = (await workflow.listUsers()).find((u) => u.id === user.id) ?? user;
      send(res, 200, accountPage(context(res), { user: fresh, token }));
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      send(res, refused.status, accountPage(context(res), { user, message: refused.message }));
    }
  });

  return router;
}
