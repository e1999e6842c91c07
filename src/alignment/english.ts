/**
 * English side: tokens, a dictionary-driven lemmatiser and number words. The lemmatiser does not
 * stem blindly: it proposes base-form candidates and keeps those the bilingual dictionary knows,
 * so the text side and the dictionary side meet on the same keys.
 */

/** Function words carry no translation evidence (their Chinese counterparts are everywhere or nowhere). */
export const STOPWORDS = new Set(
  (
    'a an the and or but nor if then else than that this these those there here of to in on at by for from with ' +
    'without into onto upon about above below over under between among through during before after since until ' +
    'as is am are was were be been being have has had having do does did doing done will would shall should can ' +
    'could may might must ought i me my mine myself you your yours yourself yourselves he him his himself she her ' +
    'hers herself it its itself we us our ours ourselves they them their theirs themselves what which who whom ' +
    'whose when where why how all any both each few more most other some such no not only own same so too very ' +
    'just also s t d ll m re ve o sb sth someone something one\'s oneself etc e g i.e eg ie let get got us mr mrs ' +
    'ms dr st yes oh ah'
  ).split(/\s+/),
);

const IRREGULAR: Record<string, string> = {
  went: 'go', gone: 'go', goes: 'go', was: 'be', were: 'be', been: 'be', is: 'be', are: 'be', am: 'be',
  had: 'have', has: 'have', did: 'do', does: 'do', done: 'do', made: 'make', said: 'say', says: 'say',
  took: 'take', taken: 'take', came: 'come', saw: 'see', seen: 'see', knew: 'know', known: 'know',
  thought: 'think', told: 'tell', found: 'find', gave: 'give', given: 'give', got: 'get', gotten: 'get',
  felt: 'feel', left: 'leave', kept: 'keep', brought: 'bring', began: 'begin', begun: 'begin', ran: 'run',
  sat: 'sit', stood: 'stand', heard: 'hear', held: 'hold', met: 'meet', paid: 'pay', sent: 'send',
  spoke: 'speak', spoken: 'speak', wrote: 'write', written: 'write', ate: 'eat', eaten: 'eat', fell: 'fall',
  fallen: 'fall', flew: 'fly', flown: 'fly', drew: 'draw', drawn: 'draw', drank: 'drink', drunk: 'drink',
  drove: 'drive', driven: 'drive', rode: 'ride', ridden: 'ride', rose: 'rise', risen: 'rise', sang: 'sing',
  sung: 'sing', slept: 'sleep', sold: 'sell', shot: 'shoot', shook: 'shake', shaken: 'shake', stole: 'steal',
  stolen: 'steal', struck: 'strike', swam: 'swim', threw: 'throw', thrown: 'throw', wore: 'wear', worn: 'wear',
  won: 'win', woke: 'wake', bought: 'buy', caught: 'catch', taught: 'teach', fought: 'fight', sought: 'seek',
  built: 'build', lost: 'lose', lay: 'lie', lain: 'lie', laid: 'lay', led: 'lead', lit: 'light', meant: 'mean',
  understood: 'understand', forgot: 'forget', forgotten: 'forget', became: 'become', broke: 'break',
  broken: 'break', chose: 'choose', chosen: 'choose', grew: 'grow', grown: 'grow', hid: 'hide', hidden: 'hide',
  hung: 'hang', bit: 'bite', bitten: 'bite', blew: 'blow', blown: 'blow', froze: 'freeze', frozen: 'freeze',
  fed: 'feed', fled: 'flee', forgave: 'forgive', spent: 'spend', spread: 'spread', swore: 'swear',
  tore: 'tear', torn: 'tear', wept: 'weep', wound: 'wind', dug: 'dig', lent: 'lend', slid: 'slide',
  men: 'man', women: 'woman', children: 'child', feet: 'foot', teeth: 'tooth', mice: 'mouse', people: 'person',
  geese: 'goose', lives: 'life', wives: 'wife', knives: 'knife', leaves: 'leaf', wolves: 'wolf',
  better: 'good', best: 'good', worse: 'bad', worst: 'bad', eyes: 'eye', data: 'datum', phenomena: 'phenomenon',
  criteria: 'criterion', analyses: 'analysis', hypotheses: 'hypothesis', theses: 'thesis',
};

/** Base-form candidates for a lower-case word, most likely first. The dictionary decides which exist. */
export function lemmaCandidates(word: string): string[] {
  const out = [word];
  const irregular = IRREGULAR[word];
  if (irregular) out.push(irregular);
  const n = word.length;
  if (n <= 3) return out;
  const undouble = (stem: string): void => {
    const k = stem.length;
    if (k >= 3 && stem[k - 1] === stem[k - 2] && !'aeiouls'.includes(stem[k - 1])) out.push(stem.slice(0, -1));
  };
  if (word.endsWith('ies')) out.push(word.slice(0, -3) + 'y');
  if (word.endsWith('es')) out.push(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss')) out.push(word.slice(0, -1));
  if (word.endsWith('ied')) out.push(word.slice(0, -3) + 'y');
  if (word.endsWith('ed')) {
    const stem = word.slice(0, -2);
    out.push(stem, word.slice(0, -1));
    undouble(stem);
  }
  if (word.endsWith('ing') && n > 4) {
    const stem = word.slice(0, -3);
    out.push(stem, stem + 'e');
    undouble(stem);
  }
  if (word.endsWith('ly') && n > 4) {
    out.push(word.slice(0, -2));
    if (word.endsWith('ily')) out.push(word.slice(0, -3) + 'y');
  }
  if (word.endsWith('er') && n > 4) {
    out.push(word.slice(0, -2), word.slice(0, -1));
    undouble(word.slice(0, -2));
  }
  if (word.endsWith('est') && n > 5) {
    out.push(word.slice(0, -3), word.slice(0, -2));
    undouble(word.slice(0, -3));
  }
  return out;
}

// Maps, not objects: `"constructor" in {}` is true, and the word "constructor" was read as a number.
const SMALL_NUMBERS = new Map<string, number>(Object.entries({
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
}));
const MULTIPLIERS = new Map<string, number>(Object.entries({ hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 }));
const JOINER = /['’\u2019-]/;

export interface EnglishWord {
  /** Lower-case surface form, apostrophes and hyphens inside names removed. */
  readonly lower: string;
  /** Capitalised and not the first word of the sentence: a candidate name. */
  readonly capitalised: boolean;
  readonly first: boolean;
}

const WORD = /[0-9][0-9,]*(?:\.[0-9]+)?%?|[A-Za-z\u00C0-\u024F]+(?:['’\u2019-][A-Za-z\u00C0-\u024F]+)*/g;

/** Words and numbers of an English sentence, and the numeric values it names. */
export function scanEnglish(text: string): { words: EnglishWord[]; numbers: number[] } {
  const words: EnglishWord[] = [];
  const numbers: number[] = [];
  let pending: number | null = null; // a running spelled-out or digit number ("three thousand", "2 million")
  let pendingWords = 0;
  const flush = (): void => {
    // Spelled-out small numbers ("one", "two") are too common to anchor anything.
    if (pending !== null && (pending >= 10 || pendingWords === 0)) numbers.push(pending);
    pending = null;
    pendingWords = 0;
  };
  let first = true;
  for (const match of text.matchAll(WORD)) {
    const raw = match[0];
    const c = raw.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      flush();
      const value = Number(raw.replace(/[,%]/g, ''));
      if (Number.isFinite(value)) pending = value;
      first = false;
      continue;
    }
    // Most words hold no apostrophe or hyphen: one lower-casing and no splitting for them.
    const plain = !JOINER.test(raw);
    const lower = plain ? raw.toLowerCase() : raw.toLowerCase().replace(/['’\u2019]s$/, '');
    const parts = plain ? null : lower.split('-');
    let consumed = false;
    // (A plain word is its one part: no array and callbacks for it.)
    if (parts === null ? SMALL_NUMBERS.has(lower) : parts.every((p) => SMALL_NUMBERS.has(p))) {
      const value = parts === null ? SMALL_NUMBERS.get(lower)! : parts.reduce((a, p) => a + SMALL_NUMBERS.get(p)!, 0);
      if (pending !== null && pending < 100 && pendingWords > 0) pending += value;
      else {
        flush();
        pending = value;
        pendingWords = 1;
      }
      consumed = true;
    } else if (pending !== null && MULTIPLIERS.has(lower)) {
      pending *= MULTIPLIERS.get(lower)!;
      consumed = true;
    } else flush();
    if (!consumed) {
      const isCap = c >= 65 && c <= 90;
      if (plain) words.push({ lower, capitalised: isCap && !first, first });
      else {
        for (const part of lower.split(/['’\u2019-]/)) {
          if (part) words.push({ lower: part, capitalised: isCap && !first, first });
        }
        if (isCap && parts !== null && parts.length > 1) {
          // "Xiao-bao", "Xi'an": the joined form is the pinyin of the whole name.
          words.push({ lower: lower.replace(/['’\u2019-]/g, ''), capitalised: !first, first });
        }
      }
    }
    first = false;
  }
  flush();
  return { words, numbers };
}

/** [A-Za-z0-9\u00C0-\u024F], by UTF-16 code (a space where there is no character). */
function isWordCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f);
}

/** [.,!?;:…] by code. */
function isClosingCode(c: number): boolean {
  return c === 0x2e || c === 0x2c || c === 0x21 || c === 0x3f || c === 0x3b || c === 0x3a || c === 0x2026;
}

/**
 * Whether a quotation is still open after each sentence (index k + 1 after sentence k; index 0 is
 * the start): dialogue that runs over several sentences must break where the other side's does.
 * Double quotes (“ ” and "), and single quotes (‘ ’ and ') that open before a word and close after
 * one; an apostrophe inside a word (don't, Bentham’s) is neither. (Read by character code: the
 * scan runs over every character of the text.)
 */
export function englishQuoteStates(sentences: readonly string[]): Uint8Array {
  const out = new Uint8Array(sentences.length + 1);
  let double = false;
  let single = false;
  for (let k = 0; k < sentences.length; k++) {
    const t = sentences[k];
    for (let i = 0; i < t.length; i++) {
      const ch = t.charCodeAt(i);
      if (ch === 0x201c) double = true; // “
      else if (ch === 0x201d) double = false; // ”
      else if (ch === 0x22) {
        const prev = i > 0 ? t.charCodeAt(i - 1) : 0x20;
        double = !(isWordCode(prev) || isClosingCode(prev));
      } else if (ch === 0x2018 || ch === 0x27 || ch === 0x2019) {
        // ‘ ' ’
        const prev = i > 0 ? t.charCodeAt(i - 1) : 0x20;
        const next = i + 1 < t.length ? t.charCodeAt(i + 1) : 0x20;
        if (!isWordCode(prev) && !isClosingCode(prev) && (isWordCode(next) || next === 0x2e || next === 0x2026 || next === 0x22 || next === 0x201c)) single = true;
        else if (!isWordCode(next) && single) single = false;
      }
    }
    out[k + 1] = double || single ? 1 : 0;
  }
  return out;
}
