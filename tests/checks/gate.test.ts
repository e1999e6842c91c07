import { blockingFindings, hasErrors, validateOverride, type Finding } from '../../src/checks';

const finding = (checkId: string, severity: Finding['severity']): Finding => ({ checkId, severity, message: checkId, span: null });
const findings = [finding('term-missing', 'error'), finding('term-missing', 'error'), finding('numbers', 'error'), finding('whitespace', 'warning')];

describe('approval gate', () => {
  test('hasErrors', () => {
    expect(hasErrors(findings)).toBe(true);
    expect(hasErrors([finding('whitespace', 'warning')])).toBe(false);
    expect(hasErrors([])).toBe(false);
  });

  test('blockingFindings: errors not covered by an override of the same check', () => {
    expect(blockingFindings(findings, []).map((f) => f.checkId)).toEqual(['term-missing', 'term-missing', 'numbers']);
    expect(blockingFindings(findings, [{ checkId: 'term-missing' }]).map((f) => f.checkId)).toEqual(['numbers']);
    expect(blockingFindings(findings, [{ checkId: 'term-missing' }, { checkId: 'numbers' }])).toEqual([]);
    // Overriding a warning's check does nothing; warnings never block.
    expect(blockingFindings([finding('whitespace', 'warning')], [])).toEqual([]);
  });

  test('validateOverride accepts a reason for an error check of the unit', () => {
    expect(validateOverride({ checkId: 'numbers', reason: '  The source figure is a typo; checked with the editor. ' }, findings)).toEqual({
      ok: true,
      override: { checkId: 'numbers', reason: 'The source figure is a typo; checked with the editor.' },
    });
  });

  test('validateOverride refuses an empty reason, a warning check, an unknown check', () => {
    expect(validateOverride({ checkId: 'numbers', reason: '  \n ' }, findings)).toEqual({
      ok: false,
      error: 'reason: an override needs a written reason',
    });
    expect(validateOverride({ checkId: 'numbers' }, findings).ok).toBe(false);
    expect(validateOverride({ checkId: 'whitespace', reason: 'fine' }, findings)).toEqual({
      ok: false,
      error: 'checkId: "whitespace" has no error finding on this unit to override (can override one of term-missing, numbers)',
    });
    expect(validateOverride({ checkId: 'numbers', reason: 'x' }, []).ok).toBe(false);
    expect(validateOverride({ reason: 'x' }, findings)).toEqual({ ok: false, error: 'checkId: must name the check to override' });
  });
});
