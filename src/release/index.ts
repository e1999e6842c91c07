/** Releases: published snapshots of an article in one locale (what readers see). */
export type {
  Release, NewRelease, ReleaseBlock, ReleaseUnit, ReleaseConverter, ReleaseContent, ReleaseWithdrawal,
} from './types';
export { buildReleaseContent, linkedSlugs, renderReleaseBody, type SnapshotInput } from './snapshot';
