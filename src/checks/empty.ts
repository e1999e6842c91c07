import type { Check } from './types';

/** A target with nothing in it (or only spaces) for a source that has text. */
export const empty: Check = {
  id: 'empty',
  severity: 'error',
  description: 'The target is empty.',
  run(unit) {
    if (unit.sourceText.trim() === '' || unit.targetText.trim() !== '') return [];
    return [{ checkId: empty.id, severity: empty.severity, message: 'The target is empty: translate the source.', span: null }];
  },
};
