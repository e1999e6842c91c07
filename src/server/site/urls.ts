import { safeRedirectPath } from '../http/redirect';
import type { Locale } from '../../locale';

export function listPath(locale: Locale): string {
  return `/${locale}/`;
}

export function articlePath(locale: Locale, slug: string): string {
  return `/${locale}/articles/${encodeURIComponent(slug)}`;
}

/** A site page (`about`, `contact`) or the HTML sitemap (`sitemap`) in a locale. */
export function sitePagePath(locale: Locale, name: string): string {
  return `/${locale}/${encodeURIComponent(name)}`;
}

export function feedPath(locale: Locale): string {
  return `/${locale}/feed.xml`;
}

/** The unprefixed, negotiated URL of an article (its `x-default`). */
export function negotiatedArticlePath(slug: string): string {
  return `/articles/${encodeURIComponent(slug)}`;
}

/** Switcher links go through here so that the choice is remembered before the reader lands. */
export function switchPath(to: Locale, next: string): string {
  return `/switch?to=${encodeURIComponent(to)}&next=${encodeURIComponent(next)}`;
}

/** `next` as a path on this site, or undefined (see safeRedirectPath). */
export function localPath(next: unknown): string | undefined {
  const path = safeRedirectPath(next, '');
  return path === '' ? undefined : path;
}

/** Joins a configured public origin (e.g. https://www.example.gov.cn) with a path. */
export function absolute(publicUrl: string | undefined, path: string): string {
  return publicUrl ? publicUrl.replace(/\/+$/, '') + path : path;
}
