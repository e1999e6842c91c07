import { LOCALES, hantRegionFor, type Locale } from '../locale';
import type { TranslationUnit } from '../memory';
import type { ArticleDocument } from '../document';
import { renderReleaseBody, type Release } from '../release';
import type { WorkflowContext } from './context';
import { checkSource } from './checking';
import type { PublishedArticle, PublishedArticleSummary, SiteContent } from './publication-types';

export interface LocaleProgress {
  locale: Locale;
  /** Readers see a release of the article in this locale. */
  published: boolean;
  /** The release readers see (version and date), or null. */
  release: { version: number; publishedAt: string } | null;
  /**
   * The version the working state is: the release's when nothing changed since, the next one
   * when something did (it becomes that release when the locale is complete again).
   */
  workingVersion: number;
  /** Segments still to approve before the working version can be released (source: error findings to fix). */
  toApprove: number;
  /** Units per status (the source locale counts its segments as approved when they pass the termbase). */
  counts: Record<TranslationUnit['status'], number>;
  errorFindings: number;
  /** Why the working version is not released, for editors (null when it is). */
  reason: string | null;
}

/** Per locale: the release readers see, the working version, and what is left to approve. */
export async function articleProgress(context: WorkflowContext, document: ArticleDocument): Promise<LocaleProgress[]> {
  const units = await context.store.listUnits({ documentId: document.id });
  const segments = await context.store.listSegments(document.id);
  const termbase = await context.termbaseSnapshot();
  const current = new Map((await context.store.currentReleases({ documentId: document.id })).map((r) => [r.locale, r]));
  const progress: LocaleProgress[] = [];
  for (const locale of LOCALES) {
    const release = current.get(locale) ?? null;
    const latest = release ?? await context.store.latestRelease(document.id, locale);
    const counts = { new: 0, draft: 0, translated: 0, approved: 0 };
    let errorFindings: number;
    let toApprove: number;
    let workingText: string[];
    if (locale === document.sourceLocale) {
      const blocked = segments.filter((s) => checkSource(s.text, locale, termbase).some((f) => f.severity === 'error'));
      counts.approved = segments.length - blocked.length;
      counts.translated = blocked.length;
      errorFindings = blocked.length;
      toApprove = blocked.length;
      workingText = segments.map((s) => s.text);
    } else {
      const mine = units.filter((u) => u.targetLocale === locale);
      for (const unit of mine) counts[unit.status]++;
      errorFindings = mine.filter((u) => u.findings.some((f) => f.severity === 'error' && !u.overrides.some((o) => o.checkId === f.checkId))).length;
      toApprove = Math.max(segments.length - counts.approved, mine.length - counts.approved);
      workingText = mine.map((u) => u.targetText);
    }
    // Unchanged since the latest release: the same texts, segment by segment, and nothing left to approve.
    const released = latest ? latest.units.map((u) => u.target ?? u.source) : null;
    const unchanged = released !== null && toApprove === 0 && released.length === workingText.length
      && released.every((text, i) => text === workingText[i]);
    const workingVersion = latest ? (unchanged ? latest.version : latest.version + 1) : 1;
    const reason = segments.length === 0 ? 'no segments'
      : toApprove > 0
        ? (locale === document.sourceLocale
          ? (toApprove === 1 ? '1 source segment has an error finding' : `${toApprove} source segments have an error finding`)
          : `${toApprove} of ${segments.length} ${segments.length === 1 ? 'segment' : 'segments'} not approved`)
        : release ? (unchanged ? null : 'changed since the release') : latest?.withdrawal ? `withdrawn: ${latest.withdrawal.reason}` : 'not released';
    progress.push({
      locale,
      published: release !== null,
      release: release ? { version: release.version, publishedAt: release.publishedAt } : null,
      workingVersion,
      toApprove,
      counts,
      errorFindings,
      reason: release && unchanged ? null : reason,
    });
  }
  return progress;
}

function published(release: Release, locales: Locale[], newerSource: boolean): PublishedArticle {
  return {
    slug: release.slug,
    locale: release.locale,
    title: release.title,
    version: release.version,
    html: release.html,
    paragraphs: release.blocks.map((b) => ({ kind: b.kind, level: b.level, text: b.text })),
    publishedLocales: locales,
    updatedAt: release.publishedAt,
    publishedAt: release.publishedAt,
    newerSource,
  };
}

/** The public site's view of the store: the latest release of each article and locale, never the working state. */
export function createSiteContent(context: WorkflowContext): SiteContent {
  async function releasesOf(slug: string): Promise<{ document: ArticleDocument; releases: Map<Locale, Release> } | null> {
    const document = await context.store.getDocumentBySlug(slug);
    if (!document) return null;
    return { document, releases: new Map((await context.store.currentReleases({ documentId: document.id })).map((r) => [r.locale, r])) };
  }
  return {
    async listPublished(locale) {
      // Newest first: currentReleases orders by publication.
      return (await context.store.currentReleases({ locale })).map((r): PublishedArticleSummary => ({
        slug: r.slug, title: r.title, updatedAt: r.publishedAt, version: r.version,
        summary: r.blocks.find((b) => b.kind === 'text')?.text ?? '',
      }));
    },
    async getPublished(slug, locale) {
      const found = await releasesOf(slug);
      const release = found?.releases.get(locale);
      if (!found || !release) return null;
      const source = found.releases.get(found.document.sourceLocale);
      // A translation made from an older source, while a newer source is out: readers may want to know.
      const newerSource = locale !== found.document.sourceLocale && source !== undefined
        && source.sourceDigest !== release.sourceDigest && source.publishedAt > release.publishedAt;
      const article = published(release, LOCALES.filter((l) => found.releases.has(l)), newerSource);
      article.hantRegion = hantRegionFor(found.releases.get('zh-Hant')?.converter?.variant ?? context.traditionalVariant);
      if (release.links.length > 0) {
        // Links to other articles follow their releases: to this locale's page once there is one.
        const here = new Set<string>();
        for (const other of release.links) {
          const document = await context.store.getDocumentBySlug(other);
          if (document && (await context.store.currentReleases({ documentId: document.id, locale })).length > 0) here.add(other);
        }
        article.html = renderReleaseBody(release, here);
      }
      return article;
    },
    async publishedLocales(slug) {
      const found = await releasesOf(slug);
      return found ? LOCALES.filter((l) => found.releases.has(l)) : null;
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
