/** The API's input shapes: every route parses its params, query and body with one of these. */
import { z } from 'zod';
import { LOCALES, LOCALE_TAG_STYLES } from '../../locale';
import { UNIT_FORMATS } from '../../formats';
import { UNIT_ORIGINS, UNIT_STATUSES } from '../../memory';
import { ASSIGNMENT_ROLES, QUEUES, ROLES } from '../../workflow';

const locale = z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` });
const text = (max: number) => z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .max(max, { error: `must be at most ${max} characters` });
const nonEmpty = (max: number) => text(max).trim().min(1, { error: 'must not be empty' });
/** A whole number from a path or query string (they arrive as text). */
const intFrom = (min: number, max: number) => z.coerce
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(min, { error: `must be at least ${min}` })
  .max(max, { error: `must be at most ${max}` });

export const unitIdParams = z.object({ id: intFrom(1, Number.MAX_SAFE_INTEGER) });
export const slugParams = z.object({ slug: text(200).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'is not a valid slug' }) });
export const segmentParams = slugParams.extend({ position: intFrom(0, 1_000_000) });
export const conceptIdParams = z.object({ id: nonEmpty(200) });

export const unitsQuery = z.object({
  locale,
  status: z.enum(UNIT_STATUSES, { error: `must be one of ${UNIT_STATUSES.join(', ')}` }).optional(),
  origin: z.enum(UNIT_ORIGINS, { error: `must be one of ${UNIT_ORIGINS.join(', ')}` }).optional(),
  check: text(100).optional(),
  /** Case-insensitive text in source or target. */
  q: text(500).optional(),
  /** `1`: only units with findings (any check). */
  findings: z.enum(['0', '1', 'true', 'false'], { error: 'must be 1 or 0' }).optional(),
  /** A work queue: needs review, outdated, with errors, mine (the caller's). */
  queue: z.enum(QUEUES, { error: `must be one of ${QUEUES.join(', ')}` }).optional(),
});

export const queuesQuery = z.object({ locale });

export const commentBody = z.object({ text: nonEmpty(4000) });
export const resolveCommentBody = z.object({ resolved: z.boolean({ error: 'must be true or false' }) });
/** The author's edit of a comment (optionally resolving or reopening it at once). */
export const editCommentBody = z.object({ text: nonEmpty(4000), resolved: z.boolean({ error: 'must be true or false' }).optional() });

export const assignmentBody = z.object({
  /** One target locale, or null: every target locale of the article. */
  locale: locale.nullable().default(null),
  role: z.enum(ASSIGNMENT_ROLES, { error: `must be one of ${ASSIGNMENT_ROLES.join(', ')}` }),
  /** A user's name; null removes the assignment. */
  user: nonEmpty(64).nullable(),
});

export const editTargetBody = z.object({
  text: text(20_000),
  /**
   * The memory unit whose target was inserted (from GET /api/units/{id}/matches). Provenance is
   * the server's: it sets origin `tm` and the match's score when the text is that target as it
   * is, `human` otherwise. A client cannot claim an origin or a score (#19).
   */
  fromMatch: z.number({ error: 'must be the id of a memory match' }).int({ error: 'must be a whole number' }).positive({ error: 'must be positive' }).optional(),
  origin: z.undefined({ error: 'is set by the server: send fromMatch (the memory unit you inserted) instead' }).optional(),
  matchScore: z.undefined({ error: 'is set by the server: send fromMatch (the memory unit you inserted) instead' }).optional(),
  status: z.enum(['draft', 'translated'], { error: 'must be draft or translated' }).optional(),
  // The markup behind a target's inline codes (a link's href, an image's src) is the source's (#15).
  inlineCodes: z.undefined({ error: 'come from the source segment: a target holds only their tokens ({bpt:1} … {ept:1}), never markup of its own' }).optional(),
  codes: z.undefined({ error: 'come from the source segment: a target holds only their tokens ({bpt:1} … {ept:1}), never markup of its own' }).optional(),
});

export const overrideSchema = z.object({
  checkId: nonEmpty(100),
  reason: nonEmpty(2000),
}, { error: 'must be an object {checkId, reason}' });

/** Check ids given twice in one list: one reason per check (`overrides[2].checkId: …`). */
function noRepeatedChecks(list: readonly { checkId: string }[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  list.forEach((o, i) => {
    const first = seen.get(o.checkId);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'checkId'], message: `"${o.checkId}" is overridden twice (also overrides[${first}]); give one reason per check` });
    else seen.set(o.checkId, i);
  });
}

export const overridesSchema = z
  .array(overrideSchema, { error: 'must be a list of {checkId, reason}' })
  .max(100, { error: 'must hold at most 100 overrides' })
  .superRefine(noRepeatedChecks);

/** `{override}` (one, the older form) or `{overrides: [...]}` (several at once). */
export const approveBody = z.object({
  override: overrideSchema.optional(),
  overrides: overridesSchema.optional(),
}).superRefine((body, ctx) => {
  if (body.override && body.overrides?.some((o) => o.checkId === body.override!.checkId)) {
    ctx.addIssue({ code: 'custom', path: ['override', 'checkId'], message: `"${body.override.checkId}" is also in overrides; give one reason per check` });
  }
});

export const approveArticleBody = z.object({
  locale,
  /** Refused: an approval names the version of each unit the reviewer saw (#19). */
  ids: z.undefined({ error: 'send units: [{id, version}] instead: each approval needs the version of the unit you saw' }).optional(),
  /** The units the reviewer saw, each at its version, with overrides where needed (DESIGN.md's bulk approval). */
  units: z.array(z.object({
    id: z.number({ error: 'must be a unit id' }).int({ error: 'must be a whole number' }),
    version: z.number({ error: 'must be the unit version' }).int({ error: 'must be a whole number' }).positive({ error: 'must be positive' }),
    overrides: overridesSchema.optional(),
  }, { error: 'must be an object {id, version, overrides?}' }), { error: 'must be a list of {id, version, overrides?}' }).min(1, { error: 'must name at least one unit' }).max(10_000),
});

const seenUnits = z.array(z.object({
  id: z.number({ error: 'must be a unit id' }).int({ error: 'must be a whole number' }),
  version: z.number({ error: 'must be the unit version' }).int({ error: 'must be a whole number' }).positive({ error: 'must be positive' }),
}, { error: 'must be an object {id, version}' }), { error: 'must be a list of {id, version}' }).min(1, { error: 'must name at least one unit' }).max(10_000);

/** Mark translated: the units as the person saw them (a newer text is not marked unseen). */
export const markTranslatedBody = z.object({ locale, units: seenUnits });

/** Re-run checks: these units (default every unit of the locale). */
export const recheckBody = z.object({
  locale,
  ids: z.array(z.number({ error: 'must be unit ids' }).int(), { error: 'must be a list of unit ids' }).max(10_000).optional(),
});

/** A file of the workbench's upload form, as the browser read it. */
const uploadedFile = z.object({
  fileName: nonEmpty(200),
  text: text(10_000_000),
}, { error: 'must be an object {fileName, text}' });

export const uploadArticleBody = z.object({
  /** Default: from the English file's name. */
  slug: text(120).optional(),
  english: uploadedFile,
  chinese: uploadedFile.extend({
    locale: z.enum(['zh-Hans', 'zh-Hant'], { error: 'must be zh-Hans or zh-Hant' }).default('zh-Hans'),
  }).optional(),
  /** Answer what the upload would change, write nothing. */
  preview: z.boolean({ error: 'must be true or false' }).optional(),
});

export const checkBody = z.object({ text: text(20_000) });

export const matchesQuery = z.object({
  min: intFrom(0, 101).optional(),
  limit: intFrom(1, 50).optional(),
});

export const splitBody = z.object({
  at: z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }),
  targets: z.partialRecord(locale, z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' })).optional(),
});

export const moveBody = z.object({
  side: z.enum(['source', 'target'], { error: 'must be source or target' }),
  direction: z.enum(['next', 'previous'], { error: 'must be next or previous' }),
});

export const editSourceBody = z.object({
  text: nonEmpty(20_000),
  reason: text(2000).optional(),
  /** Whose unit's version If-Match names (default: zh-Hans when the segment has one, else its only unit). */
  locale: locale.optional(),
});

export const conceptsQuery = z.object({
  q: text(300).optional(),
  limit: intFrom(1, 5000).optional(),
});

export const importQuery = z.object({
  format: z.enum(['tbx', 'csv'], { error: 'must be tbx or csv' }),
  fileName: text(200).optional(),
  /** `1`: answer what the import would add and change, write nothing. */
  preview: z.enum(['0', '1', 'true', 'false'], { error: 'must be 1 or 0' }).optional(),
  /** Comma-separated ids of concepts edited outside an import that the file may replace (the rest are kept). */
  replace: text(20_000).optional(),
  /** Comma-separated ids of such concepts to keep as edited (with If-Match, each conflict is in `replace` or `keep`). */
  keep: text(20_000).optional(),
  /** Comma-separated ids of concepts missing from the file to delete in the same transaction. */
  remove: text(200_000).optional(),
});

export const exportQuery = z.object({
  format: z.enum(['tbx', 'csv'], { error: 'must be tbx or csv' }),
});

/** `POST /api/tm/import`: the file is the request body, streamed; its format by name or extension. */
export const memoryImportQuery = z.object({
  format: z.enum(UNIT_FORMATS, { error: `must be ${UNIT_FORMATS.join(', ')}` }).optional(),
  fileName: text(200).optional(),
});

/** `GET /api/tm/export`: as `bitext tm export` (one locale pair or every language; locale tag style; XLIFF version). */
export const memoryExportQuery = z.object({
  format: z.enum(UNIT_FORMATS, { error: `must be ${UNIT_FORMATS.join(', ')}` }),
  targetLocale: text(40).optional(),
  localeTags: z.enum(LOCALE_TAG_STYLES, { error: `must be ${LOCALE_TAG_STYLES.join(' or ')}` }).optional(),
  xliffVersion: z.enum(['1.2', '2.0'], { error: 'must be 1.2 or 2.0' }).optional(),
});

export const lookupQuery = z.object({
  q: nonEmpty(5000),
  sourceLocale: locale.optional(),
  targetLocale: locale.optional(),
  min: intFrom(0, 101).optional(),
  limit: intFrom(1, 50).optional(),
});

export const concordanceQuery = z.object({
  q: nonEmpty(200),
  locale: locale.optional(),
  limit: intFrom(1, 200).optional(),
});

const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });
/** A token lifetime such as `90d`, `12w`, `36h` (checked by the workflow). */
const lifetime = text(16);

export const newUserBody = z.object({
  name: nonEmpty(64),
  role,
  expires: lifetime.optional(),
});

export const userName = z.object({ name: nonEmpty(64) });

export const roleBody = z.object({ role });

export const resetBody = z.object({ expires: lifetime.optional() });

export const passwordBody = z.object({
  current: z.string({ error: 'must be your current password' }).min(1, { error: 'must be your current password' }).max(200),
  password: z.string({ error: 'must be the new password' }).max(200, { error: 'use at most 200 characters' }),
});

export const auditQuery = z.object({
  since: text(40).refine((v) => !Number.isNaN(Date.parse(v)), { error: 'must be an ISO 8601 time, e.g. 2026-01-31T08:00:00Z' }).optional(),
  format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional(),
  limit: intFrom(1, 10_000).optional(),
});

export const qaQuery = z.object({
  slug: text(200).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'is not a valid slug' }).optional(),
  locale: locale.optional(),
  format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional(),
});

/** `POST /api/articles/{slug}/publish`: release the locale's working version now (editor). */
export const publishBody = z.object({ locale }).strict();

/** `POST /api/articles/{slug}/withdraw`: take the locale's release offline, with a reason (editor). */
export const withdrawBody = z.object({
  locale,
  reason: z.string({ error: 'is required' }).trim().min(1, { error: 'must not be empty' }).max(2000, { error: 'must be at most 2,000 characters' }),
}).strict();

export const releasesQuery = z.object({ locale: locale.optional() });
