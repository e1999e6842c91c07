/**
 * TMX 1.4b (and 1.1) translation memories, read and written as streams.
 * The source of each `<tu>` is the `<tuv>` in `srclang`; every other supported language gives
 * one unit. Chinese tags map to our locales by region, a bare `zh` by the script of its text.
 */
import type { SaxesTagPlain } from 'saxes';
import { canonicalTag, exportTag, keptLocale, type Locale } from '../locale';
import { UNIT_ORIGINS, UNIT_STATUSES, type UnitOrigin, type UnitProperty, type UnitStatus } from '../memory';
import type { InlineCode } from '../document';
import { FormatError, type FormatAdapter, type FormatReadOptions, type FormatWriteOptions, type ImportedUnit } from './adapter';
import { CodeCollector, isCode, originalCode, splitInline } from './inline';
import { checkTag, exportTexts, unitsFromTexts, type LanguageText, type UnitMeta } from './languages';
import { MAX_TEXT, escapeAttribute, escapeXml, items, startTag, streamXml, writeOut } from './xml-stream';

const STATUS_PROP = 'x-bitext-status';
const ORIGIN_PROP = 'x-bitext-origin';
/** Inline elements whose content is native code, not text. */
const CODE_ELEMENTS = new Set(['bpt', 'ept', 'it', 'ph', 'ut']);

interface Tuv {
  lang: string; text: string; codes: InlineCode[]; line: number;
  /** A target's own provenance: OmegaT and Bitext put it on the `<tuv>`. */
  creationId: string | null; creationDate: string | null; props: Map<string, string>;
}
interface Tu {
  line: number;
  srclang: string | null;
  creationId: string | null;
  creationDate: string | null;
  props: Map<string, string>;
  /** The file's own props (not Bitext's status and origin), in order, kept and written back. */
  own: UnitProperty[];
  notes: string[];
  tuvs: Tuv[];
}

function attr(tag: SaxesTagPlain, ...names: string[]): string | undefined {
  for (const [k, v] of Object.entries(tag.attributes)) if (names.includes(k.toLowerCase())) return v;
  return undefined;
}

const statusOf = (value: string | undefined): UnitStatus | undefined =>
  (UNIT_STATUSES as readonly string[]).includes(value ?? '') ? (value as UnitStatus) : undefined;
const originOf = (value: string | undefined): UnitOrigin | undefined =>
  (UNIT_ORIGINS as readonly string[]).includes(value ?? '') ? (value as UnitOrigin) : undefined;

/** TMX dates are `YYYYMMDDThhmmssZ`. */
function tmxDateToIso(d: string | null): string | undefined {
  if (!d) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(d);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : undefined;
}

function isoToTmxDate(iso: string | undefined): string | null {
  if (!iso) return null;
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return null;
  return t.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** A `<tuv>` in the language `srclang` names: the same tag, else the same kept locale (en-US for en), else the same language. */
function findSource(tuvs: readonly Tuv[], src: string): Tuv | undefined {
  const wanted = canonicalTag(src)?.toLowerCase();
  const keptWanted = keptLocale(src);
  return tuvs.find((v) => canonicalTag(v.lang)?.toLowerCase() === wanted)
    ?? (keptWanted && !/^zh$/i.test(src) ? tuvs.find((v) => !/^zh$/i.test(v.lang) && keptLocale(v.lang) === keptWanted) : undefined)
    ?? tuvs.find((v) => v.lang.split(/[-_]/)[0].toLowerCase() === src.split(/[-_]/)[0].toLowerCase());
}

async function* readTmx(input: NodeJS.ReadableStream, options: FormatReadOptions): AsyncGenerator<ImportedUnit> {
  const file = options.fileName;
  const out: ImportedUnit[] = [];
  const stack: string[] = [];
  let srclang: string | null = null;
  let sawHeader = false;
  let tu: Tu | null = null;
  let tuv: Tuv | null = null;
  let inSeg = false;
  let collector: CodeCollector | null = null;
  // While inside a code element: its markup as read, and its depth.
  let native: { kind: InlineCode['kind']; id: string; text: string; depth: number } | null = null;
  const hiStack: string[] = [];
  let textTarget:
    | { kind: 'prop'; type: string; text: string; inTuv: boolean; line: number }
    | { kind: 'note'; text: string }
    | { kind: 'header'; element: string; text: string; line: number; inTuv?: boolean }
    | null = null;
  let tuCount = 0;

  const fail = (reason: string, line: number, element?: string): never => {
    throw new FormatError(file, reason, { line, ...(element ? { element } : {}) });
  };
  const append = (s: string, line: number): void => {
    if (!tuv) return;
    tuv.text += s;
    if (tuv.text.length > MAX_TEXT) fail('segment text too long', line, 'seg');
  };

  const finishTu = (t: Tu): void => {
    const src = t.srclang ?? srclang!;
    const all = /^\*all\*$/i.test(src);
    if (t.tuvs.length === 0) fail('translation unit has no <tuv>', t.line, 'tu');
    const source = all ? t.tuvs[0] : findSource(t.tuvs, src);
    if (!source) {
      const which = t.srclang !== null ? 'its srclang' : "the header's srclang";
      fail(`${which} "${src}" names a language this translation unit has no <tuv> in (it has ${t.tuvs.map((v) => v.lang).join(', ')})`, t.line, 'tu');
    }
    // A <tu> with its source alone is valid TMX (a segment not yet translated): kept with an empty target, as other tools read it.
    const status = statusOf(t.props.get(STATUS_PROP)) ?? 'translated';
    const origin = originOf(t.props.get(ORIGIN_PROP)) ?? 'imported';
    const meta: UnitMeta = { status, origin, note: t.notes.length > 0 ? t.notes.join('\n') : null, fileUnit: ++tuCount };
    if (t.own.length > 0) meta.props = t.own;
    if (t.creationId) meta.createdBy = t.creationId;
    const created = tmxDateToIso(t.creationDate);
    if (created) meta.createdAt = created;
    const texts: LanguageText[] = t.tuvs.map((v) => {
      const text: LanguageText = { tag: v.lang, text: v.text, codes: v.codes, line: v.line };
      // A target's own status, origin, creator and date (on its <tuv>) win over the <tu>'s.
      const own: Partial<UnitMeta> = {};
      const s = statusOf(v.props.get(STATUS_PROP));
      const o = originOf(v.props.get(ORIGIN_PROP));
      if (s) own.status = s;
      if (o) own.origin = o;
      if (v.creationId) own.createdBy = v.creationId;
      const at = tmxDateToIso(v.creationDate);
      if (at) own.createdAt = at;
      if (Object.keys(own).length > 0) text.meta = own;
      return text;
    });
    out.push(...unitsFromTexts(texts, t.tuvs.indexOf(source!), meta));
  };

  const handlers = {
    open(tag: SaxesTagPlain, line: number): void {
      const name = tag.name;
      const parent = stack[stack.length - 1];
      stack.push(name);
      if (native) {
        native.text += startTag(tag);
        return;
      }
      if (stack.length === 1) {
        if (name !== 'tmx') fail(`not a TMX file: the root element is <${name}>`, line, name);
        return;
      }
      if (inSeg) {
        collector ??= new CodeCollector();
        if (CODE_ELEMENTS.has(name)) {
          const kind = name === 'ut' ? 'ph' : (name as InlineCode['kind']);
          const id = (name === 'bpt' || name === 'ept' ? attr(tag, 'i') : attr(tag, 'x')) ?? collector.nextId();
          native = { kind, id, text: startTag(tag), depth: stack.length };
          append(`{${kind}:${id}}`, line);
        } else if (name === 'hi') {
          const id = attr(tag, 'x') ?? collector.nextId();
          hiStack.push(id);
          collector.add({ id, kind: 'hi', native: startTag(tag) });
          append(`{hi:${id}}`, line);
        } else fail(`unexpected <${name}> inside <seg>`, line, name);
        return;
      }
      switch (name) {
        case 'header':
          if (parent !== 'tmx') fail('<header> must be a child of <tmx>', line, name);
          sawHeader = true;
          srclang = attr(tag, 'srclang') ?? null;
          if (!srclang) fail('the header has no srclang', line, name);
          if (!/^\*all\*$/i.test(srclang!)) checkTag(file, srclang!, line, name, 'srclang');
          break;
        case 'body':
          if (!sawHeader) fail('<body> before <header>', line, name);
          break;
        case 'tu':
          if (parent !== 'body') fail('<tu> must be a child of <body>', line, name);
          if (attr(tag, 'srclang') !== undefined && !/^\*all\*$/i.test(attr(tag, 'srclang')!)) checkTag(file, attr(tag, 'srclang')!, line, name, 'srclang');
          tu = {
            line, srclang: attr(tag, 'srclang') ?? null, creationId: attr(tag, 'creationid') ?? null,
            creationDate: attr(tag, 'creationdate') ?? null, props: new Map(), own: [], notes: [], tuvs: [],
          };
          break;
        case 'tuv': {
          if (parent !== 'tu' || !tu) fail('<tuv> must be a child of <tu>', line, name);
          const lang = attr(tag, 'xml:lang', 'lang');
          if (!lang) fail('<tuv> has no xml:lang', line, name);
          checkTag(file, lang!, line, name);
          tuv = { lang: lang!, text: '', codes: [], line, creationId: attr(tag, 'creationid') ?? null, creationDate: attr(tag, 'creationdate') ?? null, props: new Map() };
          break;
        }
        case 'seg':
          if (parent !== 'tuv' || !tuv) fail('<seg> must be a child of <tuv>', line, name);
          inSeg = true;
          collector = new CodeCollector();
          break;
        case 'prop':
          if (parent === 'tu' || parent === 'tuv') textTarget = { kind: 'prop', type: attr(tag, 'type') ?? '', text: '', inTuv: parent === 'tuv', line };
          else if (parent === 'header') textTarget = { kind: 'header', element: 'prop', text: '', line };
          break;
        case 'note':
          if (parent === 'tu') textTarget = { kind: 'note', text: '' };
          else if (parent === 'tuv') textTarget = { kind: 'header', element: 'note', text: '', line, inTuv: true };
          else if (parent === 'header') textTarget = { kind: 'header', element: 'note', text: '', line };
          break;
        case 'ude':
          if (parent === 'header') options.report?.add('<ude> in <header>', 'user-defined encodings of the file', line, attr(tag, 'name') ?? '');
          break;
        default:
          break;
      }
    },
    close(tag: SaxesTagPlain, line: number): void {
      const name = tag.name;
      stack.pop();
      if (native) {
        native.text += `</${name}>`;
        if (stack.length < native.depth) {
          collector!.add({ id: native.id, kind: native.kind, native: native.text });
          native = null;
        }
        return;
      }
      if (inSeg && name === 'hi') {
        append(`{/hi:${hiStack.pop()}}`, line);
        return;
      }
      switch (name) {
        case 'seg':
          inSeg = false;
          tuv!.codes = collector!.codes;
          collector = null;
          break;
        case 'tuv':
          if (!tu || !tuv) fail('</tuv> closes nothing that was opened', line, name);
          tu!.tuvs.push(tuv!);
          tuv = null;
          break;
        case 'tu':
          if (!tu) fail('</tu> closes nothing that was opened', line, name);
          finishTu(tu!);
          tu = null;
          break;
        case 'prop':
        case 'note':
          if (textTarget?.kind === 'header') {
            // File-level metadata and a target's own notes have no place in a memory unit: reported, not dropped in silence.
            if (textTarget.inTuv) options.report?.add('<note> in <tuv>', "a language's own note", textTarget.line, textTarget.text.trim());
            else options.report?.add(`<${textTarget.element}> in <header>`, 'file-level metadata', textTarget.line, textTarget.text.trim());
          } else if (textTarget && tu) {
            const value = textTarget.text.trim();
            if (textTarget.kind === 'note') tu.notes.push(value);
            else if (textTarget.inTuv && tuv) {
              tuv.props.set(textTarget.type, value);
              if (textTarget.type !== STATUS_PROP && textTarget.type !== ORIGIN_PROP) options.report?.add('<prop> in <tuv>', "a language's own property", textTarget.line, `${textTarget.type}: ${value}`);
            } else {
              tu.props.set(textTarget.type, value);
              if (textTarget.type !== STATUS_PROP && textTarget.type !== ORIGIN_PROP) tu.own.push({ type: textTarget.type, value });
            }
          }
          textTarget = null;
          break;
        case 'header':
          break;
        default:
          break;
      }
    },
    text(text: string, line: number): void {
      if (native) native.text += escapeXml(text);
      else if (inSeg) append(text, line);
      else if (textTarget) {
        textTarget.text += text;
        const element = textTarget.kind === 'header' ? textTarget.element : textTarget.kind;
        if (textTarget.text.length > MAX_TEXT) fail(`<${element}> text too long`, line, element);
      }
    },
  };
  yield* streamXml(input, file, handlers, out);
  if (!sawHeader) throw new FormatError(file, 'no <header> (not a TMX file?)');
}

/** A code's TMX markup: its native element when it came from TMX, else one built around its original code. */
function tmxCode(kind: InlineCode['kind'], id: string, closing: boolean, code: InlineCode | undefined): string {
  const element = code ? /^<(bpt|ept|ph|it|ut|hi)\b/.exec(code.native)?.[1] : undefined;
  if (code && !closing && element && (element === kind || (element === 'ut' && kind === 'ph'))) return code.native;
  const original = code ? originalCode(code.native) : '';
  const x = /^\d+$/.test(id) ? id : String(Math.abs(hash(id)) % 100000);
  switch (kind) {
    case 'hi':
      return closing ? '</hi>' : `<hi x="${x}">`;
    case 'bpt': case 'bx': case 'sc':
      return `<bpt i="${x}">${escapeXml(original)}</bpt>`;
    case 'ept': case 'ex': case 'ec':
      return `<ept i="${x}">${escapeXml(original)}</ept>`;
    case 'g': case 'pc':
      return closing ? `<ept i="${x}">${escapeXml(`</${kind}>`)}</ept>` : `<bpt i="${x}">${escapeXml(original)}</bpt>`;
    case 'it':
      return `<it pos="begin" x="${x}">${escapeXml(original)}</it>`;
    default:
      return `<ph x="${x}">${escapeXml(original)}</ph>`;
  }
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

function tmxSegment(text: string, codes: readonly InlineCode[]): string {
  let out = '';
  for (const p of splitInline(text, codes)) out += isCode(p) ? tmxCode(p.kind, p.id, p.closing, p.code) : escapeXml(p.text);
  return out;
}

/** The props Bitext writes for a unit's status and origin. */
function statusProps(u: ImportedUnit, indent: string): string {
  return `${indent}<prop type="${STATUS_PROP}">${u.status}</prop>\n${indent}<prop type="${ORIGIN_PROP}">${u.origin}</prop>\n`;
}

/**
 * Writes TMX 1.4b. Consecutive units with the same `fileUnit` (the memory's export numbers the
 * units of one source text that way) become one `<tu>`: the source once, a `<tuv>` per target.
 * The `<tu>` carries the first unit's status, origin, creator and date; a target whose unit
 * differs says so in its own `<tuv>` (props, creationid, creationdate), as TMX allows.
 */
async function writeTmx(source: AsyncIterable<ImportedUnit> | Iterable<ImportedUnit>, output: NodeJS.WritableStream, options: FormatWriteOptions = {}): Promise<void> {
  const iterator = items(source);
  const first = await iterator.next();
  const srclang: Locale = options.sourceLocale ?? (first.done ? 'en' : first.value.sourceLocale);
  const spell = (locale: string): string => exportTag(locale, options.localeTags ?? 'region', options.hantRegion ?? 'HK');
  await writeOut(output, '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
    + `  <header creationtool="Bitext" creationtoolversion="0.1.0" datatype="plaintext" segtype="sentence" adminlang="en" srclang="${spell(srclang)}" o-tmf="Bitext"/>\n`
    + '  <body>\n');
  const writeGroup = async (group: ImportedUnit[]): Promise<void> => {
    const lead = group[0];
    const texts = exportTexts(lead, options);
    if (!texts) return;
    const source = texts.source;
    const tuvs: Array<{ tag: string; locale: string; text: string; unit: ImportedUnit }> = [];
    if (source) tuvs.push({ ...source, unit: lead });
    const seen = new Set(tuvs.map((t) => t.tag));
    for (const u of group) {
      const more = u === lead ? texts : exportTexts(u, options);
      for (const t of more?.targets ?? []) {
        if (seen.has(t.tag) && u !== lead) continue;
        seen.add(t.tag);
        tuvs.push({ ...t, unit: u });
      }
    }
    let s = '    <tu';
    if (tuvs[0].locale !== srclang) s += ` srclang="${escapeAttribute(tuvs[0].tag)}"`;
    if (lead.createdBy) s += ` creationid="${escapeAttribute(lead.createdBy)}"`;
    const date = isoToTmxDate(lead.createdAt);
    if (date) s += ` creationdate="${date}"`;
    s += '>\n';
    const notes = [...new Set(group.map((u) => u.note).filter((n): n is string => !!n))];
    for (const note of notes) s += `      <note>${escapeXml(note)}</note>\n`;
    // The file's own props (x-Domain, x-Project …) as read, then Bitext's.
    for (const p of lead.props ?? []) s += `      <prop type="${escapeAttribute(p.type)}">${escapeXml(p.value)}</prop>\n`;
    s += statusProps(lead, '      ');
    for (const t of tuvs) {
      const u = t.unit;
      let attrs = `xml:lang="${escapeAttribute(t.tag)}"`;
      let props = '';
      if (u !== lead) {
        if (u.createdBy && u.createdBy !== lead.createdBy) attrs += ` creationid="${escapeAttribute(u.createdBy)}"`;
        const d = isoToTmxDate(u.createdAt);
        if (d && d !== date) attrs += ` creationdate="${d}"`;
        if (u.status !== lead.status || u.origin !== lead.origin) props = statusProps(u, '        ');
      }
      const seg = `<seg>${tmxSegment(t.text, u.inlineCodes)}</seg>`;
      s += props ? `      <tuv ${attrs}>\n${props}        ${seg}\n      </tuv>\n` : `      <tuv ${attrs}>${seg}</tuv>\n`;
    }
    s += '    </tu>\n';
    await writeOut(output, s);
  };
  let group: ImportedUnit[] = [];
  const add = async (u: ImportedUnit): Promise<void> => {
    const last = group[group.length - 1];
    if (last && u.fileUnit !== undefined && u.fileUnit === last.fileUnit && u.sourceLocale === last.sourceLocale && u.sourceText === last.sourceText) {
      group.push(u);
      return;
    }
    if (group.length) await writeGroup(group);
    group = [u];
  };
  if (!first.done) await add(first.value);
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) await add(next.value);
  if (group.length) await writeGroup(group);
  await writeOut(output, '  </body>\n</tmx>\n');
}

export const tmxAdapter: FormatAdapter<ImportedUnit> = {
  name: 'tmx',
  read: readTmx,
  write: writeTmx,
};
