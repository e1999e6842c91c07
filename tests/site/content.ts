/**
 * A small SiteContent over fixed data for rendering and negotiation tests (the real one over
 * the store is tested in tests/e2e). Articles can be changed and published in a test, which
 * fires onArticleChanged the way the workflow does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES, type Locale } from '../../src/locale';
import { renderArticleBody } from '../../src/document';
import type { PublishedArticle, PublishedArticleSummary, SiteContent } from '../../src/workflow/publication-types';

export interface FixedArticle {
  slug: string;
  updatedAt?: string;
  version?: number;
  /** Locales whose release was made from an older source than the source's latest release. */
  newerSource?: Locale[];
  /** Per published locale: title and paragraphs. */
  texts: Partial<Record<Locale, { title: string; paragraphs: PublishedArticle['paragraphs'] }>>;
}

export interface FixedSiteContent extends SiteContent {
  put(article: FixedArticle): void;
  /** Replaces an article without telling anyone (then `announce` says what changed). */
  putQuietly(article: FixedArticle): void;
  announce(slug: string): void;
  calls: { getPublished: number; uiStrings: number };
}

export function loadUiStrings(locale: Locale): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, '../../locales', `${locale}.json`), 'utf8')) as Record<string, unknown>;
}

export function fixedSiteContent(initial: FixedArticle[]): FixedSiteContent {
  const articles = new Map<string, FixedArticle>();
  for (const a of initial) articles.set(a.slug, a);
  const listeners = new Set<(slug: string) => void>();
  const locales = (a: FixedArticle): Locale[] => LOCALES.filter((l) => a.texts[l] !== undefined);
  const content: FixedSiteContent = {
    calls: { getPublished: 0, uiStrings: 0 },
    async listPublished(locale): Promise<PublishedArticleSummary[]> {
      return [...articles.values()]
        .filter((a) => a.texts[locale])
        .sort((a, b) => (b.updatedAt ?? '2026-11-25T04:00:00Z').localeCompare(a.updatedAt ?? '2026-11-25T04:00:00Z'))
        .map((a) => ({
          slug: a.slug, title: a.texts[locale]!.title, updatedAt: a.updatedAt ?? '2026-11-25T04:00:00Z', version: a.version ?? 1,
          summary: a.texts[locale]!.paragraphs.find((p) => p.kind === 'text')?.text ?? '',
        }));
    },
    async getPublished(slug, locale) {
      content.calls.getPublished++;
      const a = articles.get(slug);
      const text = a?.texts[locale];
      if (!a || !text) return null;
      return {
        slug,
        locale,
        title: text.title,
        version: a.version ?? 1,
        html: renderArticleBody(text.title, text.paragraphs, { page: { locale, slug }, sourceLocale: 'en' }),
        paragraphs: text.paragraphs,
        publishedLocales: locales(a),
        updatedAt: a.updatedAt ?? '2026-11-25T04:00:00Z',
        publishedAt: a.updatedAt ?? '2026-11-25T04:00:00Z',
        newerSource: a.newerSource?.includes(locale) ?? false,
      };
    },
    async publishedLocales(slug) {
      const a = articles.get(slug);
      return a ? locales(a) : null;
    },
    async uiStrings(locale) {
      content.calls.uiStrings++;
      return loadUiStrings(locale);
    },
    onArticleChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    put(article) {
      articles.set(article.slug, article);
      for (const l of listeners) l(article.slug);
    },
    putQuietly(article) {
      articles.set(article.slug, article);
    },
    announce(slug) {
      for (const l of listeners) l(slug);
    },
  };
  return content;
}

export const BAY_AREA: FixedArticle = {
  slug: 'bay-area',
  version: 3,
  texts: {
    en: {
      title: 'The Achievements of Jiangmen',
      paragraphs: [
        { kind: 'heading', level: 1, text: 'The Achievements of Jiangmen' },
        { kind: 'text', level: null, text: 'Jiangmen promotes the construction of the Guangdong-Hong Kong-Macao Greater Bay Area.' },
        { kind: 'heading', level: 2, text: 'Ports & passageways' },
        { kind: 'text', level: null, text: 'A deep-water port <script>alert(1)</script> for "ocean" transport.' },
      ],
    },
    'zh-Hans': {
      title: '江门发展成就',
      paragraphs: [{ kind: 'text', level: null, text: '江门推进粤港澳大湾区建设。' }],
    },
  },
};
