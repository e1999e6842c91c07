/** `@name` mentions in a comment, resolved against the names of the users that exist. */

/** The characters of a user name (workflow/accounts.ts: letters, digits, `.`, `_`, `@`, `-`). */
function isNameChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
    || code === 46 || code === 95 || code === 64 || code === 45;
}

function isPunctuation(code: number): boolean {
  return code === 46 || code === 95 || code === 64 || code === 45;
}

/**
 * The known names mentioned in `text`, each once, in order of first mention. A mention is `@`
 * at the start or after a character that cannot be in a name, then the longest known name that
 * the following run of name characters is, less trailing `.`, `_`, `@`, `-` (so `@anna.` and
 * `@anna,` both name anna, `@anna.li` names anna.li and `@annabel` nobody). One pass over the
 * text; names are at most 64 characters.
 */
export function findMentions(text: string, names: Iterable<string>): string[] {
  const known = new Set(names);
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 64 || (i > 0 && isNameChar(text.charCodeAt(i - 1)))) continue;
    let end = i + 1;
    while (end < text.length && end - i <= 64 && isNameChar(text.charCodeAt(end))) end++;
    // The name may be followed by punctuation that names can hold (`@anna.`), never by more of a word (`@annabel`).
    let stop = end;
    for (;;) {
      const name = text.slice(i + 1, stop);
      if (name && known.has(name)) {
        if (!found.includes(name)) found.push(name);
        break;
      }
      if (stop <= i + 1 || !isPunctuation(text.charCodeAt(stop - 1))) break;
      stop--;
    }
    i = end - 1;
  }
  return found;
}
