import type { Locale } from '../../locale';

export function listPath(locale: Locale): string {
  return `/${locale}/`;
}

export function articlePath(locale: Locale, slug: string): string {
  return `/${locale}/articles/${encodeURIComponent(slug)}`;
}

/** The unprefixed, negotiated URL of an article (its `x-default`). */
export function negotiatedArticlePath(slug: string): string {
  return `/articles/${encodeURIComponent(slug)}`;
}

/** Switcher links go through here so that the choice is remembered before the reader lands. */
export function switchPath(to: Locale, next: string): string {
  return `/switch?to=${encodeURIComponent(to)}&next=${encodeURIComponent(next)}`;
}

const ORIGIN = 'http://local.invalid';

/**
 * `next` as a path on this site, or undefined: no scheme, no host, no `//` or `\` tricks that
 * browsers would read as another origin, no control characters.
 */
export function localPath(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2048) return undefined;
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(next)) return undefined;
  let url: URL;
  try {
    url = new URL(next, ORIGIN);
  } catch {
    return undefined;
  }
  if (url.origin !== ORIGIN) return undefined;
  return url.pathname + url.search;
}

/** Joins a configured public origin (e.g. https://www.example.gov.cn) with a path. */
export function absolute(publicUrl: string | undefined, path: string): string {
  return publicUrl ? publicUrl.replace(/\/+$/, '') + path : path;
}
