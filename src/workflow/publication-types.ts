import type { Locale } from '../locale';

/** An article as readers see it in one locale: only published locales are ever returned. */
export interface PublishedArticle {
  slug: string;
  locale: Locale;
  title: string;
  /** Changes whenever anything shown on the page may change (page caches key on it). */
  version: number;
  paragraphs: Array<{ kind: 'heading' | 'text'; level: number | null; text: string }>;
  /** The body as HTML, rebuilt from an HTML or Markdown article's markup (document/render.ts, escaped there). */
  html?: string;
  /** Every locale the article is published in, this one included, in LOCALES order. */
  publishedLocales: Locale[];
  updatedAt: string;
}

export interface PublishedArticleSummary {
  slug: string;
  title: string;
  updatedAt: string;
}

/** What the public site reads: published articles, their locales, and the UI strings. */
export interface SiteContent {
  listPublished(locale: Locale): Promise<PublishedArticleSummary[]>;
  getPublished(slug: string, locale: Locale): Promise<PublishedArticle | null>;
  /** The locales an article is published in; null when there is no such article. */
  publishedLocales(slug: string): Promise<Locale[] | null>;
  uiStrings(locale: Locale): Promise<Record<string, unknown>>;
  /** Called with the slug whenever an article's publication may have changed (cache invalidation). */
  onArticleChanged(listener: (slug: string) => void): () => void;
}
