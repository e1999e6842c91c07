import type { Locale } from '../locale';
import type { BodyBlock } from '../document';

/** A block of a released article as plain text (feeds, summaries, the API's paragraphs). */
export interface ReleaseBlock {
  kind: 'heading' | 'text';
  level: number | null;
  text: string;
}

/** One segment's texts as released: the source and, for a translation, the approved target. */
export interface ReleaseUnit {
  position: number;
  paragraph: number;
  source: string;
  /** Null in a release of the source locale itself. */
  target: string | null;
  /** The translation unit it came from (null for the source locale). */
  unitId: number | null;
}

/** How a zh-Hant release was derived from Simplified. */
export interface ReleaseConverter {
  library: 'opencc-js';
  variant: 'hk' | 'tw' | 'twp';
}

/** What a release holds besides its key: the rendered article and where it came from. */
export interface ReleaseContent {
  title: string;
  /** The article body (every block but a leading heading that repeats the title) as HTML. */
  html: string;
  blocks: ReleaseBlock[];
  /**
   * The blocks as rendered (texts with their code tokens and the source's markup): kept so that
   * links to other articles can follow those articles' releases without a new release of this one.
   */
  body: BodyBlock[];
  /** Other articles the body links to. */
  links: string[];
  sourceLocale: Locale;
  units: ReleaseUnit[];
  /** Everyone whose approvals the release holds (the source locale: who released it). */
  approvers: string[];
  termbaseVersion: string;
  converter: ReleaseConverter | null;
  /** Digest of the title and body HTML: a release is made only when what readers see changes. */
  contentDigest: string;
  /** Digest of the source texts it translates: tells a translation from an older English. */
  sourceDigest: string;
}

/** A release to store: the store refuses (null) a version already taken for the article and locale. */
export interface NewRelease extends ReleaseContent {
  documentId: number;
  locale: Locale;
  /** 1 for the first release of the article in the locale, then one more each time. */
  version: number;
  /** The article's working (document) version it was made from. */
  documentVersion: number;
  /** Whose approval (or publish) made it. */
  approvedBy: string;
}

export interface ReleaseWithdrawal {
  by: string;
  reason: string;
  at: string;
}

/** A published snapshot of an article in one locale. */
export interface Release extends NewRelease {
  id: number;
  slug: string;
  publishedAt: string;
  /** Set when an editor took it offline; the locale is offline until a newer release. */
  withdrawal: ReleaseWithdrawal | null;
}
