import type { HantRegion, Locale } from '../locale';

/** An article as readers see it in one locale: its latest release there, never the working state. */
export interface PublishedArticle {
  slug: string;
  locale: Locale;
  title: string;
  /** The release's version in this locale (page caches and ETags key on it). */
  version: number;
  /** The article body as released (rendered once, when the release was made). */
  html: string;
  /** The released blocks as plain text. */
  paragraphs: Array<{ kind: 'heading' | 'text'; level: number | null; text: string }>;
  /** Every locale the article has a release in, this one included, in LOCALES order. */
  publishedLocales: Locale[];
  /** When this release was published (the page's date). */
  updatedAt: string;
  publishedAt: string;
  /** A translation whose source has a newer release than the one it was made from. */
  newerSource: boolean;
  /** Where the article's zh-Hant is the Traditional of (its converter variant): og:locale zh_HK or zh_TW. Default HK. */
  hantRegion?: HantRegion;
}

export interface PublishedArticleSummary {
  slug: string;
  title: string;
  /** When the release was published. */
  updatedAt: string;
  version: number;
  /** The first text block, for feeds. */
  summary: string;
}

/** What the public site reads: released articles, their locales, and the UI strings. */
export interface SiteContent {
  /** The articles released in the locale, newest first. */
  listPublished(locale: Locale): Promise<PublishedArticleSummary[]>;
  getPublished(slug: string, locale: Locale): Promise<PublishedArticle | null>;
  /** The locales an article has a release in; null when there is no such article. */
  publishedLocales(slug: string): Promise<Locale[] | null>;
  uiStrings(locale: Locale): Promise<Record<string, unknown>>;
  /** Called with the slug whenever an article's releases may have changed (cache invalidation). */
  onArticleChanged(listener: (slug: string) => void): () => void;
}
