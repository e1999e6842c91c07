import { createHash } from 'node:crypto';
import type { Locale } from '../../locale';

/**
 * A rendered page ready to write: the body as one Buffer and both header sets built once,
 * so a cache hit costs a Map lookup and one writeHead.
 */
export interface CachedPage {
  etag: string;
  body: Buffer;
  headers: Record<string, string>;
  notModifiedHeaders: Record<string, string>;
}

export function articleKey(locale: Locale, slug: string): string {
  return `a\u0000${locale}\u0000${slug}`;
}

/** A site page or the HTML sitemap: cleared with everything else when a release changes the site. */
export function sitePageKey(locale: Locale, name: string): string {
  return `p\u0000${locale}\u0000${name}`;
}

export function listKey(locale: Locale): string {
  return `l\u0000${locale}`;
}

/**
 * A strong ETag: the locale and version readers and logs can read, plus a hash of the slug,
 * locale, version and the bytes themselves, so a new template or changed UI strings (which
 * do not bump an article's version) still give a new tag.
 */
export function makeEtag(slug: string, locale: Locale, version: number | string, body: Buffer): string {
  const digest = createHash('sha256')
    .update(`${slug}\u0000${locale}\u0000${version}\u0000`)
    .update(body)
    .digest('base64url')
    .slice(0, 16);
  return `"${locale}.${version}.${digest}"`;
}

export function buildPage(
  body: Buffer,
  etag: string,
  locale: Locale,
  cacheControl: string,
  securityHeaders: ReadonlyArray<[string, string]>,
): CachedPage {
  const headers: Record<string, string> = {};
  for (const [name, value] of securityHeaders) headers[name] = value;
  Object.assign(headers, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(body.length),
    'Content-Language': locale,
    'Cache-Control': cacheControl,
    ETag: etag,
  });
  return { etag, body, headers, notModifiedHeaders: { 'Cache-Control': cacheControl, ETag: etag } };
}

/** If-None-Match against one ETag, by weak comparison as RFC 9110 says for this header. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag;
  for (const candidate of ifNoneMatch.split(',')) {
    let tag = candidate.trim();
    if (tag.startsWith('W/')) tag = tag.slice(2);
    if (tag === opaque) return true;
  }
  return false;
}

/**
 * Rendered pages per (slug, locale), each carrying the version it was rendered from.
 * Invalidation drops an article's pages in every locale and every list page; a render that
 * started before an invalidation is not stored, so a stale page can never be put back.
 * Bounded: past `maxEntries` the oldest entry goes.
 */
export class PageCache {
  private readonly pages = new Map<string, CachedPage>();
  private readonly inFlight = new Map<string, Promise<CachedPage | null>>();
  private generation = 0;

  constructor(
    private readonly locales: readonly Locale[],
    private readonly maxEntries = 2000,
  ) {}

  get(key: string): CachedPage | undefined {
    return this.pages.get(key);
  }

  get size(): number {
    return this.pages.size;
  }

  /**
   * The cached page, or the result of `render` (shared by concurrent callers for the same
   * key). `render` answering null means "not a cacheable page" and nothing is stored.
   */
  async getOrRender(key: string, render: () => Promise<CachedPage | null>): Promise<CachedPage | null> {
    const hit = this.pages.get(key);
    if (hit) return hit;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const startedAt = this.generation;
    const promise = render()
      .then((page) => {
        if (page && this.generation === startedAt) this.store(key, page);
        return page;
      })
      .finally(() => {
        if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
      });
    this.inFlight.set(key, promise);
    return promise;
  }

  invalidateArticle(slug: string): void {
    this.generation++;
    for (const locale of this.locales) {
      this.pages.delete(articleKey(locale, slug));
      this.pages.delete(listKey(locale));
      // The HTML sitemap lists titles; a title changes only with a release (which clears all), but an
      // article removed or renamed in place must not linger there either.
      this.pages.delete(sitePageKey(locale, 'sitemap'));
      this.inFlight.delete(sitePageKey(locale, 'sitemap'));
      // A render begun before the change must not be handed to later callers either.
      this.inFlight.delete(articleKey(locale, slug));
      this.inFlight.delete(listKey(locale));
    }
  }

  clear(): void {
    this.generation++;
    this.pages.clear();
    this.inFlight.clear();
  }

  private store(key: string, page: CachedPage): void {
    this.pages.delete(key);
    this.pages.set(key, page);
    while (this.pages.size > this.maxEntries) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.pages.delete(oldest);
    }
  }
}
