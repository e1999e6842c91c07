import { createHash } from 'node:crypto';
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_SECONDS } from './negotiation';

/**
 * The language switcher's links go straight to the other locale's URL (crawlable, shareable, no
 * redirect hop); this same-origin script remembers the choice on click, as `/switch` does for
 * readers without script. Served from a file URL, so the CSP (`script-src 'self'`) is unchanged.
 * Kept as one small string: it is the site's only script and needs no bundling.
 */
const SWITCHER_JS = `document.addEventListener('click', function (event) {
  var target = event.target;
  var link = target && target.closest ? target.closest('nav.switcher a[data-locale]') : null;
  if (!link) return;
  var secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = '${LOCALE_COOKIE}=' + link.getAttribute('data-locale') + '; Path=/; Max-Age=${LOCALE_COOKIE_MAX_AGE_SECONDS}; SameSite=Lax' + secure;
});
`;

const hash = createHash('sha256').update(SWITCHER_JS).digest('base64url').slice(0, 12);
/** Content-hashed like the stylesheet: cached for ever, a new script is a new URL. */
export const SWITCHER_JS_PATH = `/assets/switcher.${hash}.js`;
export const SWITCHER_JS_BUFFER = Buffer.from(SWITCHER_JS, 'utf8');
