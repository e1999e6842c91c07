import type { Finding, OverrideRequest } from './types';

/** Whether any finding is an error (an error blocks approval unless overridden). */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/**
 * The error findings still blocking approval: those whose check has no override. An override
 * covers every finding of its check on the unit (the translator vouched for that check).
 */
export function blockingFindings(findings: readonly Finding[], overrides: readonly Pick<OverrideRequest, 'checkId'>[]): Finding[] {
  const overridden = new Set(overrides.map((o) => o.checkId));
  return findings.filter((f) => f.severity === 'error' && !overridden.has(f.checkId));
}

export type OverrideValidation = { ok: true; override: OverrideRequest } | { ok: false; error: string };

/** Checks an override request against the unit's findings: a reason is required, and the check must have an error to override. */
export function validateOverride(request: { checkId?: unknown; reason?: unknown }, findings: readonly Finding[]): OverrideValidation {
  const checkId = typeof request.checkId === 'string' ? request.checkId.trim() : '';
  const reason = typeof request.reason === 'string' ? request.reason.trim() : '';
  if (checkId === '') return { ok: false, error: 'checkId: must name the check to override' };
  if (reason === '') return { ok: false, error: 'reason: an override needs a written reason' };
  const errorChecks = Array.from(new Set(findings.filter((f) => f.severity === 'error').map((f) => f.checkId)));
  if (!errorChecks.includes(checkId)) {
    const which = errorChecks.length ? `one of ${errorChecks.join(', ')}` : 'none: the unit has no error findings';
    return { ok: false, error: `checkId: "${checkId}" has no error finding on this unit to override (can override ${which})` };
  }
  return { ok: true, override: { checkId, reason } };
}

export type OverridesValidation = { ok: true; overrides: OverrideRequest[] } | { ok: false; field: string; message: string };

/**
 * Checks several override requests at once against the unit's findings. `field` names the list
 * the requests came in (`overrides`, or `override` for the single form): each request needs a
 * check id and a written reason (not only whitespace), a check may appear only once, and it must
 * have an error finding on this unit. Whether together they cover every error is the caller's
 * (`blockingFindings`): an uncovered error is a refused approval (409), not bad input.
 */
export function validateOverrides(
  requests: readonly { checkId?: unknown; reason?: unknown }[],
  findings: readonly Finding[],
  field = 'overrides',
): OverridesValidation {
  const seen = new Map<string, number>();
  const overrides: OverrideRequest[] = [];
  for (let i = 0; i < requests.length; i++) {
    const at = field === 'override' ? field : `${field}[${i}]`;
    const result = validateOverride(requests[i] ?? {}, findings);
    if (!result.ok) {
      const cut = result.error.indexOf(': ');
      return { ok: false, field: `${at}.${result.error.slice(0, cut)}`, message: result.error.slice(cut + 2) };
    }
    const first = seen.get(result.override.checkId);
    if (first !== undefined) {
      return { ok: false, field: `${at}.checkId`, message: `"${result.override.checkId}" is overridden twice (also ${field}[${first}]); give one reason per check` };
    }
    seen.set(result.override.checkId, i);
    overrides.push(result.override);
  }
  return { ok: true, overrides };
}
