/**
 * Quotation marks as Hong Kong and Taiwan write them: 「」 for mainland “”, and 『』 for the inner
 * ‘’ (mainland text nests ‘’ inside “”). OpenCC converts characters, not punctuation, so this runs
 * after it for every Traditional variant. A ’ between two Latin letters is an apostrophe (Macao’s)
 * and stays; a ’ with no ‘ open before it is left as it is. One pass, one character for one, so
 * offsets into the text stay true.
 */
export function cornerQuotes(text: string): string {
  if (!/[“”‘’]/.test(text)) return text;
  let out = '';
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    switch (ch) {
      case '“': out += '「'; break;
      case '”': out += '」'; break;
      case '‘': out += '『'; open++; break;
      case '’':
        if (isLatinLetter(text.charCodeAt(i - 1)) && isLatinLetter(text.charCodeAt(i + 1))) out += ch;
        else if (open > 0) { out += '』'; open--; } else out += ch;
        break;
      default: out += ch;
    }
  }
  return out;
}

/** Whether the ’ at `i` is an apostrophe between Latin letters (not a closing quotation mark). */
export function isApostropheAt(text: string, i: number): boolean {
  return isLatinLetter(text.charCodeAt(i - 1)) && isLatinLetter(text.charCodeAt(i + 1));
}

function isLatinLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7);
}
