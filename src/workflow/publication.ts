import { LOCALES, isChinese, type Locale } from '../locale';
import type { TranslationUnit } from '../memory';
import { linkedArticles, plainText, renderArticleBody, type ArticleDocument, type BodyBlock } from '../document';
import type { WorkflowContext } from './context';
import { checkSource } from './checking';
import type { PublishedArticle, PublishedArticleSummary, SiteContent } from './publication-types';

export interface LocaleProgress {
  locale: Locale;
  published: boolean;
  /** Units per status (the source locale counts its segments as approved when they pass the termbase). */
  counts: Record<TranslationUnit['status'], number>;
  errorFindings: number;
  /** Why the locale is not published, for editors. */
  reason: string | null;
}

/** Is each locale of the article published, and why not? */
export async function articleProgress(context: WorkflowContext, document: ArticleDocument): Promise<LocaleProgress[]> {
  const units = await context.store.listUnits({ documentId: document.id });
  const segments = await context.store.listSegments(document.id);
  const termbase = await context.termbaseSnapshot();
  return LOCALES.map((locale) => {
    const counts = { new: 0, draft: 0, translated: 0, approved: 0 };
    if (locale === document.sourceLocale) {
      // The source is published when it passes the termbase: no forbidden term reaches readers.
      const blocked = segments.filter((s) => checkSource(s.text, locale, termbase).some((f) => f.severity === 'error'));
      counts.approved = segments.length - blocked.length;
      counts.translated = blocked.length;
      return {
        locale, counts, errorFindings: blocked.length, published: segments.length > 0 && blocked.length === 0,
        reason: blocked.length ? `${blocked.length} source segment(s) use a forbidden term` : segments.length ? null : 'no segments',
      };
    }
    const mine = units.filter((u) => u.targetLocale === locale);
    for (const unit of mine) counts[unit.status]++;
    const errors = mine.filter((u) => u.findings.some((f) => f.severity === 'error' && !u.overrides.some((o) => o.checkId === f.checkId))).length;
    const published = mine.length > 0 && mine.length === segments.length && counts.approved === mine.length;
    return {
      locale, counts, errorFindings: errors, published,
      reason: published ? null : `${mine.length - counts.approved} of ${segments.length} segment(s) not approved`,
    };
  });
}

async function publishedLocalesOf(context: WorkflowContext, document: ArticleDocument): Promise<Locale[]> {
  return (await articleProgress(context, document)).filter((p) => p.published).map((p) => p.locale);
}

async function render(context: WorkflowContext, document: ArticleDocument, locale: Locale, publishedLocales: Locale[]): Promise<PublishedArticle> {
  const paragraphs = await context.store.listParagraphs(document.id);
  const texts: string[][] = paragraphs.map(() => []);
  if (locale === document.sourceLocale) {
    for (const segment of await context.store.listSegments(document.id)) texts[segment.paragraph]?.push(segment.text);
  } else {
    for (const unit of await context.store.listUnits({ documentId: document.id, targetLocale: locale })) {
      if (unit.paragraph !== null) texts[unit.paragraph]?.push(unit.targetText);
    }
  }
  const separator = isChinese(locale) ? '' : ' ';
  const blocks: BodyBlock[] = paragraphs.map((p) => ({ kind: p.kind, level: p.level, text: texts[p.index]!.join(separator), markup: p.markup ?? null }));
  const structured = blocks.some((b) => b.markup);
  // Plain text of the blocks readers see (an HTML block's codes are markup, not text).
  const rendered = blocks
    .filter((b) => !b.markup?.attribute)
    .map((b) => ({ kind: b.kind, level: b.level, text: structured ? plainText(b).trim() : b.text }))
    .filter((p) => p.text !== '');
  const heading = rendered.find((p) => p.kind === 'heading');
  const title = heading?.text ?? rendered[0]?.text.slice(0, 80) ?? document.slug;
  let html: string | undefined;
  if (structured) {
    const options = { page: { locale, slug: document.slug }, sourceLocale: document.sourceLocale };
    // Links to other articles go to their page in this locale when it is published here.
    const here = new Set<string>();
    for (const slug of linkedArticles(blocks, options)) {
      const other = slug === document.slug ? publishedLocales : await context.store.getDocumentBySlug(slug).then((d) => (d ? publishedLocalesOf(context, d) : []));
      if (other.includes(locale)) here.add(slug);
    }
    html = renderArticleBody(title, blocks, { ...options, articleUrl: (slug, hash) => (here.has(slug) ? `/${locale}/articles/${slug}${hash}` : null) });
  }
  return {
    slug: document.slug,
    locale,
    title,
    version: document.version,
    paragraphs: rendered,
    ...(html !== undefined ? { html } : {}),
    publishedLocales,
    updatedAt: document.updatedAt,
  };
}

/** The public site's view of the store: only what is published, never drafts. */
export function createSiteContent(context: WorkflowContext): SiteContent {
  return {
    async listPublished(locale) {
      const summaries: PublishedArticleSummary[] = [];
      for (const document of await context.store.listDocuments()) {
        const published = await publishedLocalesOf(context, document);
        if (!published.includes(locale)) continue;
        const article = await render(context, document, locale, published);
        summaries.push({ slug: document.slug, title: article.title, updatedAt: document.updatedAt });
      }
      return summaries;
    },
    async getPublished(slug, locale) {
      const document = await context.store.getDocumentBySlug(slug);
      if (!document) return null;
      const published = await publishedLocalesOf(context, document);
      return published.includes(locale) ? render(context, document, locale, published) : null;
    },
    async publishedLocales(slug) {
      const document = await context.store.getDocumentBySlug(slug);
      return document ? publishedLocalesOf(context, document) : null;
    },
    async uiStrings(locale) {
      return (await context.store.loadUiStrings(locale)) ?? {};
    },
    onArticleChanged(listener) {
      context.events.on('article-changed', listener);
      const all = (): void => listener('*');
      context.events.on('termbase-changed', all);
      return () => {
        context.events.off('article-changed', listener);
        context.events.off('termbase-changed', all);
      };
    },
  };
}
