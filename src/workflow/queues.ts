/**
 * Work queues of an article's locale, as the workbench shows them: what needs review, what went
 * outdated, what is in error, what is mine. A queue is a filter over the units of one locale;
 * the counts are read the same way, so a tab's number and its list always agree.
 */
import type { TranslationUnit } from '../memory';

export const QUEUES = ['review', 'outdated', 'errors', 'mine'] as const;
export type Queue = (typeof QUEUES)[number];

/** Who asks, and which units are theirs beyond the ones they typed (assigned to them, mentioned). */
export interface QueueViewer {
  name: string;
  /** Units this person edited (from the history), assigned to or was mentioned on. */
  mine?: ReadonlySet<number>;
}

/** An error finding not covered by an override: the unit cannot be approved as it is. */
export function hasOpenError(unit: Pick<TranslationUnit, 'findings' | 'overrides'>): boolean {
  return unit.findings.some((f) => f.severity === 'error' && !unit.overrides.some((o) => o.checkId === f.checkId));
}

/** Whether the source changed since the translation was made (the unit keeps the source it was made for). */
export function isOutdated(unit: TranslationUnit): boolean {
  return unit.outdatedSource !== null && unit.outdatedSource !== undefined;
}

export function inQueue(unit: TranslationUnit, queue: Queue, viewer: QueueViewer): boolean {
  switch (queue) {
    // Translated and waiting for a reviewer (a draft is not offered for review yet).
    case 'review': return unit.status === 'translated';
    case 'outdated': return isOutdated(unit);
    case 'errors': return hasOpenError(unit);
    case 'mine': return unit.targetAuthor === viewer.name || (viewer.mine?.has(unit.id) ?? false);
  }
}

export type QueueCounts = Record<Queue | 'all', number>;

export function queueCounts(units: readonly TranslationUnit[], viewer: QueueViewer): QueueCounts {
  const counts: QueueCounts = { all: units.length, review: 0, outdated: 0, errors: 0, mine: 0 };
  for (const unit of units) for (const queue of QUEUES) if (inQueue(unit, queue, viewer)) counts[queue]++;
  return counts;
}
