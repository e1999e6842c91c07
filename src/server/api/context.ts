import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Locale } from '../../locale';
import type { TranslationUnit } from '../../memory';
import type { Approver, Workflow } from '../../workflow';
import { CAN_ADMINISTER, CAN_EDIT, CAN_REVIEW, CAN_TRANSLATE, currentUser, principalOf, type Auth } from '../auth';
import { HttpError } from '../http';
import { slugLookup, unitJson } from './json';

export interface ApiOptions {
  /** Largest JSON body accepted (default 256 kB). */
  jsonLimit?: string;
  /** Largest glossary file accepted by the import (default 20 MB). */
  uploadLimit?: string;
  /** Largest TM file accepted by `POST /api/tm/import`, in bytes (default 512 MB; streamed, never buffered). */
  tmUploadBytes?: number;
  /** Requests per minute and user to the expensive reads: TM lookup, concordance, suggestions (default 120). */
  expensivePerMinute?: number;
}

/** What a termbase change re-checked (the workflow's RecheckReport). */
export interface RecheckReport { rechecked: number; changed: number; nowInError: number[] }

/** A termbase change's re-check in JSON: the counts and the first affected units. */
export interface RecheckJson extends RecheckReport {
  affected: Array<{ id: number; articleSlug: string | null; locale: Locale; position: number | null; source: string; target: string }>;
}

/** Units put in error by a termbase change, with where to find them (at most this many listed). */
const AFFECTED_LISTED = 200;

/** What every resource router gets: the workflow, the role guards and the shared helpers. */
export interface ApiContext {
  workflow: Workflow;
  options: ApiOptions;
  /** Guards: any logged-in user; the roles that may translate, edit, administer. */
  anyUser: RequestHandler;
  translate: RequestHandler;
  /** Approve and override: reviewer, editor, admin. */
  review: RequestHandler;
  edit: RequestHandler;
  administer: RequestHandler;
  /** The per-user rate limit of the expensive reads (one budget shared by all of them). */
  expensive: RequestHandler;
  /** The name of the user making the request, as recorded on what they change. */
  by(res: Response): string;
  /** The user making the request as the review rules see them (name and role). */
  approver(res: Response): Approver;
  /** A unit in JSON with its article's slug. */
  unitOut(unit: TranslationUnit): Promise<ReturnType<typeof unitJson>>;
  /** The units a termbase change put in error, with their articles, for the editor to follow. */
  recheckJson(recheck: RecheckReport): Promise<RecheckJson>;
}

export function apiContext(workflow: Workflow, auth: Auth, options: ApiOptions): ApiContext {
  const expensive = rateLimit({
    windowMs: 60_000,
    limit: options.expensivePerMinute ?? 120,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Behind `requireUser`: every request here has a user, so the budget is per person.
    keyGenerator: (_req, res) => `user:${principalOf(res)?.user.id ?? 0}`,
    handler: (_req: Request, _res: Response, next: NextFunction) => next(new HttpError(429, 'too many requests; slow down and try again in a minute')),
  });

  async function unitOut(unit: TranslationUnit) {
    return unitJson(unit, (await slugLookup(workflow))(unit.documentId));
  }

  async function recheckJson(recheck: RecheckReport): Promise<RecheckJson> {
    const slugOf = await slugLookup(workflow);
    const affected: RecheckJson['affected'] = [];
    for (const id of recheck.nowInError.slice(0, AFFECTED_LISTED)) {
      const unit = await workflow.findUnit(id);
      if (!unit) continue;
      affected.push({
        id: unit.id, articleSlug: slugOf(unit.documentId), locale: unit.targetLocale, position: unit.position,
        source: unit.sourceText, target: unit.targetText,
      });
    }
    return { rechecked: recheck.rechecked, changed: recheck.changed, nowInError: recheck.nowInError, affected };
  }

  return {
    workflow,
    options,
    anyUser: auth.requireUser,
    translate: auth.requireRole(...CAN_TRANSLATE),
    review: auth.requireRole(...CAN_REVIEW),
    edit: auth.requireRole(...CAN_EDIT),
    administer: auth.requireRole(...CAN_ADMINISTER),
    expensive,
    by: (res) => currentUser(res).name,
    approver: (res) => ({ name: currentUser(res).name, role: currentUser(res).role }),
    unitOut,
    recheckJson,
  };
}
