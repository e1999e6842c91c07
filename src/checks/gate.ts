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
