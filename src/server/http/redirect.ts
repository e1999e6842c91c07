/**
 * Redirect targets that stay on this site. A `next=` parameter (the language switcher, the
 * workbench login) is attacker-controlled: browsers read `//host`, `/\host`, `/\thost` (tabs and
 * newlines are stripped) and a path that normalises to `//host` as another origin, and a
 * percent-encoded dot or slash may be decoded by a proxy in front of us into one of those.
 */

const MAX_LENGTH = 2048;
const BASE = 'http://bitext.invalid';

// Every check is a single character class or a fixed string: linear time on any input.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** %2e (.), %2f (/), %5c (\), %00–%1f and %7f (controls, which browsers strip), in either case. */
const ENCODED_TRICK = /%(?:2e|2f|5c|[01][0-9a-f]|7f)/i;

/**
 * `raw` as a same-site path (with its query and fragment), dot segments resolved, or `fallback`
 * when it is not one: not a string, empty, too long, not starting with a single `/`, holding a
 * backslash, a control character or a percent-encoded dot, slash, backslash or control, or
 * normalising to a path that starts with `//`. `fallback` is the caller's own, trusted path.
 */
export function safeRedirectPath(raw: unknown, fallback: string): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return fallback;
  if (raw[0] !== '/' || raw[1] === '/' || raw.includes('\\')) return fallback;
  if (CONTROL.test(raw) || ENCODED_TRICK.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || url.username !== '' || url.password !== '') return fallback;
  // `/..//evil.example` resolves to the path `//evil.example`: a browser would leave the site.
  if (url.pathname.startsWith('//') || !url.pathname.startsWith('/')) return fallback;
  return url.pathname + url.search + url.hash;
}
