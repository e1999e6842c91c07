/** The OpenAPI 3.1 description of the JSON API, served at `/api/openapi.json`. */
import { LOCALES } from '../../locale';
import { UNIT_ORIGINS, UNIT_STATUSES } from '../../memory';
import { TERM_STATUSES } from '../../termbase';
import { AUDIT_ACTIONS, QUEUES, ROLES } from '../../workflow';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description = 'OK'): Json => ({ description, content: { 'application/json': { schema } } });
const error = (description: string): Json => json(ref('Error'), description);
const body = (schema: Json, required = true): Json => ({ required, content: { 'application/json': { schema } } });

const path = (name: string, schema: Json, description?: string): Json => ({ name, in: 'path', required: true, schema, ...(description ? { description } : {}) });
const query = (name: string, schema: Json, description?: string, required = false): Json => ({ name, in: 'query', required, schema, ...(description ? { description } : {}) });
const ifMatch = (required: boolean): Json => ({
  name: 'If-Match', in: 'header', required, schema: { type: 'string' }, description: 'The version the client saw, e.g. `"3"` (the ETag of the GET).',
});

const unitId = path('id', { type: 'integer', minimum: 1 });
const slug = path('slug', { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' }, 'The article slug, e.g. `jiangmen-achievements`.');
const locale = { type: 'string', enum: [...LOCALES] };
const userName = path('name', { type: 'string', maxLength: 64 }, 'The user name.');

/** Errors every authenticated route may answer. */
const guarded = { 401: error('No user: log in (session cookie) or send `Authorization: Bearer TOKEN`.') };
const written = {
  ...guarded,
  400: error('Invalid input; `error` starts with the field, e.g. `text: must be a string`.'),
  403: error('The user\'s role does not allow this write, or a session write without the CSRF token.'),
};

let cached: Json | null = null;

export function openApiDocument(): Json {
  cached ??= build();
  return cached;
}

function build(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Bitext API',
      version: '1',
      description: 'Translation units, review and approval, termbase and translation memory of the Bitext localization service. '
        + 'Authenticate with `Authorization: Bearer TOKEN` (from `bitext user add`) or the workbench session cookie; '
        + 'session-authenticated writes must send the session\'s CSRF token in `X-CSRF-Token` (see `GET /api/me`). '
        + `Roles: translator (edit and approve targets, repair alignment), editor (also termbase and source edits), admin (also users).`,
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { session: [] }],
    paths: {
      '/api/me': { get: { summary: 'The current user (and the session\'s CSRF token)', responses: { 200: json(ref('Me')), ...guarded } } },
      '/api/articles': { get: { summary: 'Articles with progress per locale', responses: { 200: json({ type: 'array', items: ref('ArticleSummary') }), ...guarded } } },
      '/api/articles/{slug}': {
        get: { summary: 'An article: paragraphs and progress per locale', parameters: [slug], responses: { 200: json(ref('ArticleSummary')), 404: error('No such article'), ...guarded } },
      },
      '/api/articles/{slug}/units': {
        get: {
          summary: 'The article\'s units in one target locale, in document order',
          parameters: [
            slug,
            query('locale', locale, 'Target locale', true),
            query('status', { type: 'string', enum: [...UNIT_STATUSES] }),
            query('origin', { type: 'string', enum: [...UNIT_ORIGINS] }),
            query('check', { type: 'string' }, 'Only units with a finding of this check id'),
            query('findings', { type: 'string', enum: ['1', '0'] }, 'Only units with any finding'),
            query('q', { type: 'string' }, 'Case-insensitive text in source or target'),
            query('queue', { type: 'string', enum: [...QUEUES] }, 'A work queue: review (translated, not approved), outdated (source changed), errors (an error finding not overridden), mine (typed by, edited by, assigned to or mentioning the caller)'),
          ],
          responses: { 200: json({ type: 'array', items: ref('Unit') }), 400: error('Invalid query'), 404: error('No such article'), ...guarded },
        },
      },
      '/api/articles/{slug}/queues': {
        get: {
          summary: 'How many units of the locale each work queue holds, for the caller',
          parameters: [slug, query('locale', locale, 'Target locale', true)],
          responses: {
            200: json({ type: 'object', properties: Object.fromEntries(['all', ...QUEUES].map((q) => [q, { type: 'integer' }])) }),
            400: error('Invalid query'), 404: error('No such article'), ...guarded,
          },
        },
      },
      '/api/articles/{slug}/approve': {
        post: {
          summary: 'Approves the listed units of a locale, each at the version the reviewer saw; blocked and stale units are reported, not approved',
          parameters: [slug],
          requestBody: body({
            type: 'object', required: ['locale', 'units'],
            properties: {
              locale,
              units: { type: 'array', minItems: 1, items: { type: 'object', required: ['id', 'version'], properties: { id: { type: 'integer' }, version: { type: 'integer' }, overrides: { type: 'array', items: ref('OverrideRequest') } } } },
            },
          }),
          responses: { 200: json(ref('BulkApproval')), 404: error('No such article'), ...written },
        },
      },
      '/api/articles/{slug}/mark-translated': {
        post: {
          summary: 'Marks the listed units (new or draft, with a text) translated, each at the version seen, in one transaction',
          parameters: [slug],
          requestBody: body({ type: 'object', required: ['locale', 'units'], properties: { locale, units: { type: 'array', items: { type: 'object', required: ['id', 'version'], properties: { id: { type: 'integer' }, version: { type: 'integer' } } } } } }),
          responses: {
            200: json({ type: 'object', properties: Object.fromEntries(['translated', 'unchanged', 'stale', 'untranslated', 'approved', 'notFound'].map((k) => [k, { type: 'array', items: { type: 'integer' } }])) }),
            404: error('No such article'), ...written,
          },
        },
      },
      '/api/articles/{slug}/recheck': {
        post: {
          summary: 'Re-runs every check on the listed units (default all of the locale) against the current termbase, in one transaction',
          parameters: [slug],
          requestBody: body({ type: 'object', required: ['locale'], properties: { locale, ids: { type: 'array', items: { type: 'integer' } } } }),
          responses: {
            200: json({ type: 'object', properties: Object.fromEntries(['rechecked', 'changed', 'nowInError', 'cleared', 'notFound'].map((k) => [k, { type: 'array', items: { type: 'integer' } }])) }),
            404: error('No such article'), ...written,
          },
        },
      },
      '/api/articles/{slug}/preferred-terms': {
        post: {
          summary: 'Replaces every forbidden term in the article\'s source by its concept\'s preferred term, as recorded source edits (editor)',
          parameters: [slug],
          responses: {
            200: json({ type: 'object', properties: { changed: { type: 'array', items: { type: 'object', properties: { position: { type: 'integer' }, before: { type: 'string' }, after: { type: 'string' } } } } } }),
            404: error('No such article'), ...written,
          },
        },
      },
      '/api/published/articles': {
        get: {
          summary: 'The articles released in a locale, newest first, as a CMS reads them (no login; ETag, 304)',
          parameters: [query('locale', locale, undefined, true)],
          responses: { 200: json({ type: 'array', items: ref('PublishedArticle') }), 400: error('Invalid locale') },
        },
      },
      '/api/published/articles/{slug}': {
        get: {
          summary: 'The latest release of one article in a locale (no login; ETag, 304)',
          parameters: [slug, query('locale', locale, undefined, true)],
          responses: { 200: json(ref('PublishedArticle')), 400: error('Invalid locale'), 404: error('No such article, or no release in the locale') },
        },
      },
      '/api/articles/{slug}/releases': {
        get: {
          summary: 'Every release of the article (in a locale), newest first: version, who, when, termbase version, converter, withdrawal',
          parameters: [slug, query('locale', locale)],
          responses: { 200: json({ type: 'array', items: ref('Release') }), 404: error('No such article'), ...guarded },
        },
      },
      '/api/articles/{slug}/publish': {
        post: {
          summary: 'Releases the working version of a locale now (editor): English when its source has no error finding, a translation when every segment is approved',
          parameters: [slug],
          requestBody: body({ type: 'object', required: ['locale'], properties: { locale } }),
          responses: {
            201: json(ref('Release'), 'A new release'), 200: json(ref('Release'), 'Nothing changed: the current release'),
            404: error('No such article'), 409: error('The source has error findings (`findings`)'), ...written,
          },
        },
      },
      '/api/articles/{slug}/withdraw': {
        post: {
          summary: 'Takes the locale\'s current release offline, recorded with who, when and the reason (editor)',
          parameters: [slug],
          requestBody: body({ type: 'object', required: ['locale', 'reason'], properties: { locale, reason: { type: 'string', minLength: 1, maxLength: 2000 } } }),
          responses: { 200: json(ref('Release')), 404: error('No such article or no current release'), ...written },
        },
      },
      '/api/articles/{slug}/segments/{position}': {
        put: {
          summary: 'Edits an English source segment (editor); its targets go back to review. If-Match: the version of the segment\'s unit in `locale` that the editor saw',
          parameters: [slug, path('position', { type: 'integer', minimum: 0 }), ifMatch(true)],
          requestBody: body({ type: 'object', required: ['text'], properties: { text: { type: 'string' }, reason: { type: 'string' }, locale: { ...locale, description: 'Default: zh-Hans when the segment has it, else its only unit.' } } }),
          responses: { 200: json({ type: 'array', items: ref('Unit') }), 404: error('No such segment'), 409: json(ref('Conflict'), 'Stale If-Match'), 428: error('No If-Match'), ...written },
        },
      },
      '/api/units/{id}': {
        get: { summary: 'One unit (ETag: its version)', parameters: [unitId], responses: { 200: json(ref('Unit')), 404: error('No such unit'), ...guarded } },
        put: {
          summary: 'Edits a target (translator); checks run on the new text',
          parameters: [unitId, ifMatch(true)],
          requestBody: body({
            type: 'object', required: ['text'],
            properties: {
              text: { type: 'string', maxLength: 20000 },
              fromMatch: { type: 'integer', description: 'The memory unit (from /matches) whose target was inserted: the server sets origin `tm` and its score when the text is that target unchanged, else `human`. `origin` and `matchScore` in the body are refused (400): provenance is the server\'s.' },
              status: { type: 'string', enum: ['draft', 'translated'], description: 'Default translated' },
            },
          }),
          responses: {
            200: json(ref('Unit')), 404: error('No such unit'), ...written,
            409: json(ref('Conflict'), 'The unit changed since the version in If-Match: the body holds the current unit'),
            428: error('If-Match is missing'),
          },
        },
      },
      '/api/units/{id}/approve': {
        post: {
          summary: 'Approves a unit; an error finding blocks it unless overridden with a written reason',
          parameters: [unitId, ifMatch(true)],
          requestBody: body({ type: 'object', properties: { override: ref('OverrideRequest') } }, false),
          responses: {
            200: json(ref('Unit')), 404: error('No such unit'), ...written,
            409: json({ oneOf: [ref('Blocked'), ref('Conflict')] }, 'Blocked by error findings (listed), or a stale If-Match'),
          },
        },
      },
      '/api/units/{id}/history': {
        get: { summary: 'Every change of a unit: who, when, what, why', parameters: [unitId], responses: { 200: json({ type: 'array', items: ref('HistoryEntry') }), 404: error('No such unit'), ...guarded } },
      },
      '/api/units/{id}/matches': {
        get: {
          summary: 'TM matches for the unit\'s source (the unit itself left out), with the diff of each match\'s source',
          parameters: [unitId, query('min', { type: 'integer' }), query('limit', { type: 'integer' })],
          responses: { 200: json({ type: 'array', items: ref('Match') }), 404: error('No such unit'), 429: error('Rate limited'), ...guarded },
        },
      },
      '/api/units/{id}/check': {
        post: {
          summary: 'Runs every check on a draft target for this unit\'s source; stores nothing',
          parameters: [unitId],
          requestBody: body({ type: 'object', required: ['text'], properties: { text: { type: 'string' } } }),
          responses: { 200: json({ type: 'object', properties: { findings: { type: 'array', items: ref('Finding') } } }), 404: error('No such unit'), ...written },
        },
      },
      '/api/units/{id}/merge': {
        post: { summary: 'Alignment repair: merges the unit\'s segment with the next one (every target locale)', parameters: [unitId, ifMatch(true)], responses: { 200: json(ref('Repair')), 409: json(ref('Conflict'), 'Stale If-Match'), 428: error('No If-Match'), ...written } },
      },
      '/api/units/{id}/split': {
        post: {
          summary: 'Alignment repair: splits the unit\'s segment at a source offset (and target offsets per locale)',
          parameters: [unitId, ifMatch(true)],
          requestBody: body({ type: 'object', required: ['at'], properties: { at: { type: 'integer' }, targets: { type: 'object', additionalProperties: { type: 'integer' } } } }),
          responses: { 200: json(ref('Repair')), 409: json(ref('Conflict'), 'Stale If-Match'), ...written },
        },
      },
      '/api/units/{id}/move': {
        post: {
          summary: 'Alignment repair: moves the last (next) or first (previous) sentence of the source or of this target to the neighbouring unit',
          parameters: [unitId, ifMatch(true)],
          requestBody: body({ type: 'object', required: ['side', 'direction'], properties: { side: { enum: ['source', 'target'] }, direction: { enum: ['next', 'previous'] } } }),
          responses: { 200: json(ref('Repair')), 409: json(ref('Conflict'), 'Stale If-Match'), ...written },
        },
      },
      '/api/termbase/concepts': {
        get: {
          summary: 'Concepts, optionally searched by term text or note',
          parameters: [query('q', { type: 'string' }), query('limit', { type: 'integer' })],
          responses: { 200: json({ type: 'array', items: ref('Concept') }), ...guarded },
        },
        post: {
          summary: 'Adds a concept (editor); units holding its terms are re-checked',
          requestBody: body(ref('ConceptInput')),
          responses: { 201: json(ref('ConceptChange')), 409: error('The id exists'), ...written },
        },
      },
      '/api/termbase/concepts/{id}': {
        get: { summary: 'One concept (ETag: its version)', parameters: [path('id', { type: 'string' })], responses: { 200: json(ref('Concept')), 404: error('No such concept'), ...guarded } },
        put: {
          summary: 'Replaces a concept (editor) at the version in If-Match (required); units are re-checked',
          parameters: [path('id', { type: 'string' }), ifMatch(true)],
          requestBody: body(ref('ConceptInput')),
          responses: { 200: json(ref('ConceptChange')), 404: error('No such concept'), 409: json(ref('Conflict'), 'Stale version'), 428: error('No version given'), ...written },
        },
        delete: {
          summary: 'Deletes a concept (editor) at the version in If-Match (required); units are re-checked',
          parameters: [path('id', { type: 'string' }), ifMatch(true)],
          responses: { 200: json({ type: 'object', properties: { deleted: { type: 'string' }, recheck: ref('Recheck') } }), 404: error('No such concept'), 409: json(ref('Conflict'), 'Stale version'), 428: error('No If-Match'), ...written },
        },
      },
      '/api/termbase/import': {
        post: {
          summary: 'Imports a TBX or CSV glossary sent as the request body, all or nothing, in one transaction (editor). With `preview=1`, writes nothing and answers the plan: concepts added, changed (term by term), unchanged, edits made in the workbench that stay, concepts not in the file, conflicts (a concept edited in the workbench that the file changes too), and the termbase `state`. Applying with `If-Match: "<state>"` is refused with 409 if the termbase changed since, and needs each conflict in `replace` or `keep`.',
          parameters: [
            query('format', { enum: ['tbx', 'csv'] }, undefined, true), query('fileName', { type: 'string' }),
            query('preview', { enum: ['1', '0'] }, 'Answer the plan, write nothing'),
            query('replace', { type: 'string' }, 'Comma-separated ids of conflicts where the file wins'),
            query('keep', { type: 'string' }, 'Comma-separated ids of conflicts where the workbench edit stays'),
            query('remove', { type: 'string' }, 'Comma-separated ids of concepts missing from the file to delete'),
            { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'The `state` of the preview, e.g. `"tb-3f…"`.' },
          ],
          requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
          responses: {
            200: json({ type: 'object', properties: {
              added: { type: 'integer' }, updated: { type: 'integer' }, unchanged: { type: 'integer' },
              kept: { type: 'array', items: { type: 'string' } }, replaced: { type: 'array', items: { type: 'string' } }, removed: { type: 'array', items: { type: 'string' } },
              recheck: ref('Recheck'),
            } }),
            409: error('The termbase changed since the preview (If-Match): preview again'),
            ...written,
          },
        },
      },
      '/api/termbase/export': {
        get: {
          summary: 'The termbase as TBX-Basic or CSV',
          parameters: [query('format', { enum: ['tbx', 'csv'] }, undefined, true)],
          responses: { 200: { description: 'The file', content: { 'application/x-tbx+xml': {}, 'text/csv': {} } }, ...guarded },
        },
      },
      '/api/units/{id}/comments': {
        get: { summary: 'The unit\'s comment thread, oldest first', parameters: [unitId], responses: { 200: json({ type: 'array', items: ref('Comment') }), 404: error('No such unit'), ...guarded } },
        post: {
          summary: 'Adds a comment; `@name` of a user mentions them (the unit is in their "mine" queue until the comment is resolved)',
          parameters: [unitId],
          requestBody: body({ type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 4000 } } }),
          responses: { 201: json(ref('Comment')), 404: error('No such unit'), ...written },
        },
      },
      '/api/comments/{id}': {
        put: {
          summary: 'Resolves a comment or opens it again (`{resolved}`, If-Match optional); or its author edits the text (`{text}`, If-Match required: 403 for anyone else, 428 without, 409 stale)',
          parameters: [path('id', { type: 'integer', minimum: 1 }), ifMatch(false)],
          requestBody: body({ type: 'object', properties: { resolved: { type: 'boolean' }, text: { type: 'string', maxLength: 4000 } } }),
          responses: { 200: json(ref('Comment')), 404: error('No such comment'), 409: json(ref('Conflict'), 'Stale If-Match'), 428: error('An edit of the text without If-Match'), ...written },
        },
        delete: {
          summary: 'Deletes a comment (its author, or an admin) at the version in If-Match (required)',
          parameters: [path('id', { type: 'integer', minimum: 1 }), ifMatch(true)],
          responses: { 200: json({ type: 'object', properties: { deleted: { type: 'integer' } } }), 404: error('No such comment'), 409: json(ref('Conflict'), 'Stale If-Match'), 428: error('No If-Match'), ...written },
        },
      },
      '/api/articles/{slug}/comments': {
        get: { summary: 'Every comment on the units of one target locale, oldest first', parameters: [slug, query('locale', locale, 'Target locale', true)], responses: { 200: json({ type: 'array', items: ref('Comment') }), 404: error('No such article'), ...guarded } },
      },
      '/api/articles/{slug}/assignments': {
        get: { summary: 'Who translates and reviews the article (locale null: every target locale)', parameters: [slug], responses: { 200: json({ type: 'array', items: ref('Assignment') }), 404: error('No such article'), ...guarded } },
        put: {
          summary: 'Assigns a translator or reviewer to the article or one of its locales (editor); user null removes the assignment',
          parameters: [slug],
          requestBody: body({ type: 'object', required: ['role', 'user'], properties: { locale: { ...locale, type: ['string', 'null'] }, role: { type: 'string', enum: ['translator', 'reviewer'] }, user: { type: ['string', 'null'] } } }),
          responses: { 200: json({ type: 'array', items: ref('Assignment') }), 404: error('No such article'), ...written },
        },
      },
      '/api/people': { get: { summary: 'Users one can mention or assign: names and roles', responses: { 200: json({ type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, role: { type: 'string', enum: [...ROLES] } } } }), ...guarded } } },
      '/api/me/work': { get: { summary: 'The caller\'s assignments and the open comments that mention them', responses: { 200: json({ type: 'object', properties: { assignments: { type: 'array', items: ref('Assignment') }, mentions: { type: 'array', items: ref('Comment') } } }), ...guarded } } },
      '/api/tm/lookup': {
        get: {
          summary: 'Exact and fuzzy matches from the translation memory, best first',
          parameters: [
            query('q', { type: 'string' }, 'The source text', true), query('sourceLocale', locale), query('targetLocale', locale),
            query('min', { type: 'integer', default: 70 }), query('limit', { type: 'integer', default: 5 }),
          ],
          responses: { 200: json({ type: 'object', properties: { query: { type: 'string' }, matches: { type: 'array', items: ref('Match') }, ms: { type: 'number' } } }), 429: error('Rate limited'), ...guarded },
        },
      },
      '/api/tm/concordance': {
        get: {
          summary: 'Units whose source or target holds a phrase',
          parameters: [query('q', { type: 'string' }, 'The phrase', true), query('locale', locale), query('limit', { type: 'integer', default: 50 })],
          responses: { 200: json({ type: 'object', properties: { query: { type: 'string' }, hits: { type: 'array', items: ref('ConcordanceHit') } } }), 429: error('Rate limited'), ...guarded },
        },
      },
      '/api/users': {
        get: { summary: 'Users (admin)', responses: { 200: json({ type: 'array', items: ref('User') }), ...written } },
        post: {
          summary: 'Creates a user (admin); the password and API token are shown once',
          requestBody: body({ type: 'object', required: ['name', 'role'], properties: { name: { type: 'string' }, role: { enum: [...ROLES] }, expires: { type: 'string', description: 'The token\'s lifetime: `90d`, `12w`, `36h` (default: never expires).' } } }),
          responses: { 201: json(ref('Credentials')), ...written },
        },
      },
      '/api/users/{name}/disable': {
        post: {
          summary: 'Disables a user (admin): no login; their sessions and API token stop at once, in every process',
          parameters: [userName], responses: { 200: json(ref('User')), ...written, 404: error('No such user.'), 409: error('The last enabled admin cannot be disabled.') },
        },
      },
      '/api/users/{name}/enable': {
        post: { summary: 'Enables a disabled user (admin)', parameters: [userName], responses: { 200: json(ref('User')), ...written, 404: error('No such user.') } },
      },
      '/api/users/{name}/role': {
        put: {
          summary: 'Gives a user another role (admin); their sessions and API token end at once',
          parameters: [userName], requestBody: body({ type: 'object', required: ['role'], properties: { role: { enum: [...ROLES] } } }),
          responses: { 200: json(ref('User')), ...written, 404: error('No such user.'), 409: error('The last enabled admin cannot be demoted.') },
        },
      },
      '/api/users/{name}/reset': {
        post: {
          summary: 'A new password and API token for a user (admin), shown once; the old ones and every session stop at once',
          parameters: [userName], requestBody: body({ type: 'object', properties: { expires: { type: 'string' } } }, false),
          responses: { 200: json(ref('Credentials')), ...written, 404: error('No such user.') },
        },
      },
      '/api/me/password': {
        post: {
          summary: 'Changes your own password (with the current one); your other sessions end',
          requestBody: body({ type: 'object', required: ['current', 'password'], properties: { current: { type: 'string' }, password: { type: 'string', minLength: 10, maxLength: 200 } } }),
          responses: { 200: json({ type: 'object', properties: { changed: { const: true } } }), ...written },
        },
      },
      '/api/me/token': {
        post: {
          summary: 'Replaces your own API token (shown once); the old one stops at once',
          requestBody: body({ type: 'object', properties: { expires: { type: 'string' } } }, false),
          responses: { 200: json({ type: 'object', properties: { token: { type: 'string' } } }), ...written },
        },
      },
      '/api/audit': {
        get: {
          summary: 'The audit log (admin): logins, failures, locks, account changes, overrides; oldest first',
          parameters: [
            query('since', { type: 'string', format: 'date-time' }, 'Only entries at or after this ISO 8601 time.'),
            query('format', { enum: ['json', 'csv'] }, '`csv`: the same rows as CSV, formula cells neutralised.'),
            query('limit', { type: 'integer', minimum: 1, maximum: 10000 }),
          ],
          responses: { 200: json({ type: 'array', items: ref('AuditEntry') }), ...written },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The API token printed by `bitext user add`.' },
        session: { type: 'apiKey', in: 'cookie', name: 'bitext_session', description: 'The workbench session; writes also need `X-CSRF-Token`.' },
      },
      schemas: {
        Comment: {
          type: 'object',
          properties: {
            id: { type: 'integer' }, unitId: { type: 'integer' }, author: { type: 'string' }, text: { type: 'string' },
            mentions: { type: 'array', items: { type: 'string' } }, resolved: { type: 'boolean' },
            resolvedBy: { type: ['string', 'null'] }, resolvedAt: { type: ['string', 'null'] }, createdAt: { type: 'string' },
            version: { type: 'integer', description: '1 when posted, +1 per edit of the text' }, editedAt: { type: ['string', 'null'] },
            deleted: {
              type: ['object', 'null'], description: 'Deleted after later comments answered it: text and mentions are empty, the place stays',
              properties: { by: { type: 'string' }, at: { type: 'string' } },
            },
          },
        },
        Assignment: {
          type: 'object',
          properties: {
            articleSlug: { type: 'string' }, locale: { type: ['string', 'null'] }, role: { type: 'string', enum: ['translator', 'reviewer'] },
            user: { type: 'string' }, assignedBy: { type: 'string' }, assignedAt: { type: 'string' },
          },
        },
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' }, field: { type: 'string' } } },
        Span: { type: 'object', properties: { side: { enum: ['source', 'target'] }, start: { type: 'integer' }, end: { type: 'integer' } } },
        PublishedArticle: {
          type: 'object',
          properties: {
            slug: { type: 'string' }, locale, title: { type: 'string' }, html: { type: 'string' }, version: { type: 'integer' },
            publishedAt: { type: 'string', format: 'date-time' },
            alternates: { type: 'array', items: { type: 'object', properties: { locale, url: { type: 'string' } } } },
          },
        },
        Release: {
          type: 'object',
          properties: {
            slug: { type: 'string' }, locale, version: { type: 'integer' }, title: { type: 'string' }, publishedAt: { type: 'string', format: 'date-time' },
            approvedBy: { type: 'string' }, approvers: { type: 'array', items: { type: 'string' } }, documentVersion: { type: 'integer' },
            termbaseVersion: { type: 'string' }, segments: { type: 'integer' },
            converter: { type: ['object', 'null'], properties: { library: { type: 'string' }, variant: { enum: ['hk', 'tw', 'twp'] } } },
            withdrawal: { type: ['object', 'null'], properties: { by: { type: 'string' }, reason: { type: 'string' }, at: { type: 'string', format: 'date-time' } } },
          },
        },
        Finding: {
          type: 'object', required: ['checkId', 'severity', 'message', 'span'],
          properties: {
            checkId: { type: 'string' }, severity: { enum: ['error', 'warning'] }, message: { type: 'string' },
            span: { oneOf: [ref('Span'), { type: 'null' }] }, overridden: { type: 'boolean' },
          },
        },
        Override: { type: 'object', properties: { checkId: { type: 'string' }, reason: { type: 'string' }, by: { type: 'string' }, at: { type: 'string', format: 'date-time' } } },
        OverrideRequest: { type: 'object', required: ['checkId', 'reason'], properties: { checkId: { type: 'string' }, reason: { type: 'string', minLength: 1 } } },
        Unit: {
          type: 'object', required: ['id', 'version', 'articleSlug', 'position', 'source', 'target', 'findings'],
          properties: {
            id: { type: 'integer' }, version: { type: 'integer' }, articleSlug: { type: ['string', 'null'] },
            position: { type: ['integer', 'null'] }, paragraph: { type: ['integer', 'null'] },
            source: { type: 'object', properties: { locale, text: { type: 'string' } } },
            target: {
              type: 'object',
              properties: { locale, text: { type: 'string' }, status: { enum: [...UNIT_STATUSES] }, origin: { enum: [...UNIT_ORIGINS] } },
            },
            findings: { type: 'array', items: ref('Finding') },
            blocked: { type: 'boolean', description: 'An error finding is not overridden: approval is refused' },
            bead: { oneOf: [{ type: 'null' }, { type: 'object', properties: { type: { type: 'string' }, score: { type: 'number' }, lowConfidence: { type: 'boolean' } } }] },
            matchScore: { type: ['number', 'null'] },
            overrides: { type: 'array', items: ref('Override') },
            codes: {
              type: 'array', description: 'The elements the inline codes of the segment stand for (allowlisted tags and attributes only), for a rendered preview',
              items: {
                type: 'object', required: ['id', 'tag', 'paired', 'attributes'],
                properties: { id: { type: 'string' }, tag: { type: 'string' }, paired: { type: 'boolean' }, attributes: { type: 'object', additionalProperties: { type: 'string' } } },
              },
            },
            updatedBy: { type: 'string' }, updatedAt: { type: 'string' },
          },
        },
        Conflict: {
          type: 'object', required: ['error', 'currentVersion'],
          properties: { error: { type: 'string' }, currentVersion: { type: 'integer' }, current: { description: 'The unit or concept as it is now' } },
        },
        Blocked: { type: 'object', required: ['error', 'findings'], properties: { error: { type: 'string' }, unitId: { type: 'integer' }, findings: { type: 'array', items: ref('Finding') } } },
        BulkApproval: {
          type: 'object',
          properties: {
            approved: { type: 'array', items: { type: 'integer' } },
            blocked: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, findings: { type: 'array', items: ref('Finding') } } } },
            untranslated: { type: 'array', items: { type: 'integer' } },
          },
        },
        HistoryEntry: {
          type: 'object',
          properties: {
            version: { type: 'integer' }, action: { type: 'string' }, by: { type: 'string' }, at: { type: 'string' }, reason: { type: ['string', 'null'] },
            source: { type: 'string' }, target: { type: 'string' }, status: { enum: [...UNIT_STATUSES] }, origin: { enum: [...UNIT_ORIGINS] },
          },
        },
        Match: {
          type: 'object',
          properties: {
            unitId: { type: 'integer' }, score: { type: 'number' }, similarity: { type: 'number' },
            penalty: { type: 'object', properties: { points: { type: 'number' }, reasons: { type: 'array', items: { type: 'string' } } } },
            context: { type: 'boolean' }, source: { type: 'string' }, target: { type: 'string' },
            status: { enum: [...UNIT_STATUSES] }, origin: { enum: [...UNIT_ORIGINS] },
            diff: { type: 'array', items: { type: 'object', properties: { op: { enum: ['equal', 'insert', 'delete'] }, text: { type: 'string' } } } },
          },
        },
        ConcordanceHit: {
          type: 'object',
          properties: {
            unitId: { type: 'integer' }, sourceLocale: locale, targetLocale: locale, source: { type: 'string' }, target: { type: 'string' },
            status: { enum: [...UNIT_STATUSES] }, origin: { enum: [...UNIT_ORIGINS] },
            articleSlug: { type: ['string', 'null'], description: 'The article the unit was translated in; null for a unit only in the memory' },
            position: { type: ['integer', 'null'], description: "The segment's place in that article (0-based)" },
            sourceHighlights: { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
            targetHighlights: { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
          },
        },
        Term: {
          type: 'object', required: ['locale', 'text', 'status'],
          properties: {
            locale, text: { type: 'string' }, status: { enum: [...TERM_STATUSES] }, caseSensitive: { type: 'boolean', default: false },
            partOfSpeech: { type: ['string', 'null'] }, note: { type: ['string', 'null'] },
          },
        },
        ConceptInput: {
          type: 'object', required: ['terms'],
          properties: { id: { type: 'string' }, note: { type: ['string', 'null'] }, subject: { type: ['string', 'null'] }, terms: { type: 'array', minItems: 1, items: ref('Term') }, version: { type: 'integer' } },
        },
        Concept: {
          type: 'object', required: ['id', 'version', 'note', 'terms'],
          properties: {
            id: { type: 'string' }, version: { type: 'integer' }, note: { type: ['string', 'null'] }, subject: { type: ['string', 'null'] },
            terms: { type: 'array', items: ref('Term') }, updatedBy: { type: 'string' }, updatedAt: { type: 'string' },
          },
        },
        Recheck: {
          type: 'object',
          properties: {
            rechecked: { type: 'integer' }, changed: { type: 'integer' }, nowInError: { type: 'array', items: { type: 'integer' } },
            affected: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, articleSlug: { type: ['string', 'null'] }, locale, position: { type: ['integer', 'null'] } } } },
          },
        },
        ConceptChange: { type: 'object', properties: { concept: ref('Concept'), recheck: ref('Recheck') } },
        Repair: { type: 'object', properties: { articleSlug: { type: 'string' }, units: { type: 'array', items: ref('Unit') }, removed: { type: 'array', items: { type: 'integer' } } } },
        ArticleSummary: {
          type: 'object',
          properties: {
            slug: { type: 'string' }, title: { type: 'string' }, sourceLocale: locale, version: { type: 'integer' },
            progress: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  locale, published: { type: 'boolean' }, errorFindings: { type: 'integer' }, reason: { type: ['string', 'null'] },
                  counts: { type: 'object', properties: Object.fromEntries(UNIT_STATUSES.map((s) => [s, { type: 'integer' }])) },
                },
              },
            },
          },
        },
        User: {
          type: 'object',
          properties: {
            id: { type: 'integer' }, name: { type: 'string' }, role: { enum: [...ROLES] }, createdAt: { type: 'string' }, disabled: { type: 'boolean' },
            tokenIssuedAt: { type: ['string', 'null'] }, tokenExpiresAt: { type: ['string', 'null'] },
          },
        },
        Credentials: { type: 'object', properties: { user: ref('User'), password: { type: 'string' }, token: { type: 'string' } } },
        AuditEntry: {
          type: 'object', required: ['at', 'actor', 'action', 'target', 'ip'],
          properties: {
            at: { type: 'string', format: 'date-time' }, actor: { type: 'string' }, action: { enum: [...AUDIT_ACTIONS] },
            target: { type: ['string', 'null'] }, ip: { type: ['string', 'null'] }, detail: { type: ['string', 'null'] },
          },
        },
        Me: { type: 'object', properties: { user: ref('User'), via: { enum: ['token', 'session'] }, csrfToken: { type: ['string', 'null'] } } },
      },
    },
  };
}
