/**
 * XLIFF 1.2 and 2.0 read (told apart by the version attribute, or the namespace), XLIFF 2.0
 * written. Review states map to ours; a state we do not know is an error, not a guess.
 */
import type { SaxesTagPlain } from 'saxes';
import { exportTag } from '../locale';
import { UNIT_ORIGINS, type UnitOrigin, type UnitProperty, type UnitStatus } from '../memory';
import type { InlineCode } from '../document';
import { FormatError, type FormatAdapter, type FormatReadOptions, type FormatWriteOptions, type ImportedUnit } from './adapter';
import { CodeCollector, isCode, originalCode, splitInline } from './inline';
import { checkTag, exportTexts, unitsFromTexts, type ExportText, type LanguageText } from './languages';
import { MAX_TEXT, escapeAttribute, escapeXml, items, startTag, streamXml, writeOut } from './xml-stream';

const NS_12 = 'urn:oasis:names:tc:xliff:document:1.2';
const NS_20 = 'urn:oasis:names:tc:xliff:document:2.0';
const NS_BITEXT = 'urn:bitext:xliff';

const STATES_12: Record<string, UnitStatus> = {
  new: 'new', 'needs-translation': 'new', 'needs-adaptation': 'new', 'needs-l10n': 'new',
  translated: 'translated', 'needs-review-translation': 'translated', 'needs-review-adaptation': 'translated',
  'needs-review-l10n': 'translated', 'signed-off': 'approved', final: 'approved',
};
const STATES_20: Record<string, UnitStatus> = { initial: 'new', translated: 'translated', reviewed: 'translated', final: 'approved' };

/** XLIFF 1.2 inline elements whose content is native code. */
const CODE_12 = new Set(['bpt', 'ept', 'it', 'ph']);
/** Empty inline elements (1.2 and 2.0). */
const EMPTY_CODES = new Set(['x', 'bx', 'ex', 'sc', 'ec']);

interface Side { text: string; codes: InlineCode[]; lang: string | null; line: number }
interface Pending {
  line: number;
  source: Side | null;
  target: Side | null;
  /** 1.2: the target's state; 2.0: the segment's state. */
  state: string | null;
  subState: string | null;
  approved: boolean;
  origin: string | null;
  notes: string[];
}

function attr(tag: SaxesTagPlain, name: string): string | undefined {
  return tag.attributes[name];
}

async function* readXliff(input: NodeJS.ReadableStream, options: FormatReadOptions): AsyncGenerator<ImportedUnit> {
  const file = options.fileName;
  const out: ImportedUnit[] = [];
  const stack: string[] = [];
  let version: 1 | 2 | null = null;
  let srcLang: string | null = null;
  let trgLang: string | null = null;
  let unit: Pending | null = null;
  let unitNotes: string[] = [];
  let unitOrigin: string | null = null;
  let side: Side | null = null;
  let sideDepth = 0;
  let collector: CodeCollector | null = null;
  let native: { kind: InlineCode['kind']; id: string; text: string; depth: number; keep: boolean } | null = null;
  const pairStack: Array<{ kind: InlineCode['kind']; id: string }> = [];
  let note: { text: string; line: number; inUnit: boolean } | null = null;
  let inUnit = false;
  // XLIFF 2.0 originalData: the native codes that dataRef attributes point to.
  const unitData = new Map<string, string>();
  let data: { id: string; text: string } | null = null;
  // alt-trans (1.2), seg-source (1.2) and originalData (2.0) hold text that is not the unit's.
  let skipDepth = 0;
  let fileUnits = 0;

  const fail = (reason: string, line: number, element?: string): never => {
    throw new FormatError(file, reason, { line, ...(element ? { element } : {}) });
  };
  const append = (s: string, line: number): void => {
    side!.text += s;
    if (side!.text.length > MAX_TEXT) fail('segment text too long', line);
  };

  const finish = (p: Pending): void => {
    if (!p.source) fail('translation unit has no <source>', p.line);
    const source = p.source!;
    const target = p.target;
    const sourceTag = source.lang ?? srcLang;
    const targetTag = target?.lang ?? trgLang;
    if (!sourceTag) fail('no source language (source-language / srcLang)', p.line);
    if (!targetTag) fail('no target language (target-language / trgLang)', p.line);
    checkTag(file, sourceTag!, source.line, 'source');
    checkTag(file, targetTag!, target?.line ?? p.line, 'target');
    const targetText = target?.text ?? '';
    let status: UnitStatus;
    if (p.state !== null) {
      status = stateStatus(p.state, targetText);
      if (p.subState === 'bitext:draft' && status === 'new') status = 'draft';
    } else status = targetText.trim() === '' ? 'new' : 'translated';
    if (p.approved) status = 'approved';
    const origin: UnitOrigin = (UNIT_ORIGINS as readonly string[]).includes(p.origin ?? '') ? (p.origin as UnitOrigin) : 'imported';
    const texts: LanguageText[] = [{ tag: sourceTag!, text: source.text, codes: source.codes, line: source.line }];
    if (target) texts.push({ tag: targetTag!, text: target.text, codes: target.codes, line: target.line });
    // A state finer than Bitext's four statuses (needs-review-translation, signed-off, a tool's
    // subState) is kept as a property, so an XLIFF export writes it back as it was read.
    const props: UnitProperty[] = [];
    if (p.state !== null && p.state !== (version === 1 ? STATE_OUT_12 : STATE_OUT_20)[status]) props.push({ type: version === 1 ? STATE_PROP_12 : STATE_PROP_20, value: p.state });
    if (p.subState !== null && p.subState !== 'bitext:draft') props.push({ type: SUBSTATE_PROP, value: p.subState });
    out.push(...unitsFromTexts(texts, 0, {
      status, origin, note: p.notes.length > 0 ? p.notes.join('\n') : null, fileUnit: ++fileUnits, ...(props.length ? { props } : {}),
    }));
  };

  /** Our status for a state already checked by `checkState`; 1.2 `x-` states by the target's text. */
  const stateStatus = (state: string, targetText: string): UnitStatus => {
    const table = version === 1 ? STATES_12 : STATES_20;
    if (Object.prototype.hasOwnProperty.call(table, state)) return table[state];
    if (state === DRAFT_12) return 'draft';
    return targetText.trim() === '' ? 'new' : 'translated';
  };

  /** A state value XLIFF does not define refuses the file, naming the attribute and the value. */
  const checkState = (state: string | undefined, line: number, element: string): void => {
    if (state === undefined) return;
    const table = version === 1 ? STATES_12 : STATES_20;
    if (Object.prototype.hasOwnProperty.call(table, state)) return;
    // XLIFF 1.2 lets tools add their own states as x-…; 2.0 puts them in subState.
    if (version === 1 && /^x-./.test(state)) return;
    fail(`unknown state "${state}": state="${state}" is not an XLIFF ${version === 1 ? '1.2' : '2.0'} state (${Object.keys(table).join(', ')}${version === 1 ? ', or x-…' : ''})`, line, element);
  };

  const newPending = (line: number): Pending => ({
    line, source: null, target: null, state: null, subState: null, approved: false, origin: unitOrigin, notes: version === 2 ? unitNotes : [],
  });

  const openInline = (tag: SaxesTagPlain, line: number): void => {
    const name = tag.name;
    collector ??= new CodeCollector();
    const id = attr(tag, 'id') ?? attr(tag, 'i') ?? attr(tag, 'startRef') ?? attr(tag, 'rid') ?? collector.nextId();
    if (version === 1 && CODE_12.has(name)) {
      native = { kind: name as InlineCode['kind'], id, text: startTag(tag), depth: stack.length, keep: true };
      append(`{${name}:${id}}`, line);
    } else if (EMPTY_CODES.has(name) || (version === 2 && name === 'ph')) {
      const kind = name as InlineCode['kind'];
      const closingEc = version === 2 && name === 'ec' && attr(tag, 'startRef') !== undefined;
      // A 2.0 code that points at originalData keeps the original code itself.
      const ref = version === 2 ? unitData.get(attr(tag, 'dataRef') ?? '') : undefined;
      collector.add({ id, kind, native: ref ?? startTag(tag, true) });
      append(closingEc ? `{ec:${id}}` : `{${kind}:${id}}`, line);
      native = { kind, id, text: '', depth: stack.length, keep: false }; // swallow any (invalid) content
    } else if (version === 2 && name === 'pc' && unitData.has(attr(tag, 'dataRefStart') ?? '') && unitData.has(attr(tag, 'dataRefEnd') ?? '')) {
      // A <pc> with both its start and end markup in originalData (an HTML element around its
      // text): a bpt/ept pair, each with its own original code, as TMX and HTML articles hold them.
      collector.add({ id, kind: 'bpt', native: unitData.get(attr(tag, 'dataRefStart')!)! });
      collector.add({ id, kind: 'ept', native: unitData.get(attr(tag, 'dataRefEnd')!)! });
      pairStack.push({ kind: 'ept', id });
      append(`{bpt:${id}}`, line);
    } else if (name === 'g' || name === 'pc') {
      const ref = version === 2 ? unitData.get(attr(tag, 'dataRefStart') ?? '') : undefined;
      collector.add({ id, kind: name, native: ref ?? startTag(tag) });
      pairStack.push({ kind: name, id });
      append(`{${name}:${id}}`, line);
    } else if (name === 'mrk' || name === 'sm' || name === 'em') {
      // Annotations, not codes: their text is kept, their markup is not.
      pairStack.push({ kind: 'x', id: '' });
    } else if (version === 2 && name === 'cp') {
      const hex = attr(tag, 'hex');
      if (hex && /^[0-9a-fA-F]{1,6}$/.test(hex)) append(String.fromCodePoint(parseInt(hex, 16)), line);
      pairStack.push({ kind: 'x', id: '' });
    } else fail(`unexpected <${name}> inside <${stack[sideDepth - 1]}>`, line, name);
  };

  const handlers = {
    open(tag: SaxesTagPlain, line: number): void {
      const name = tag.name;
      const parent = stack[stack.length - 1];
      stack.push(name);
      if (native) { native.text += startTag(tag); return; }
      if (skipDepth > 0) return;
      if (stack.length === 1) {
        if (name !== 'xliff') fail(`not an XLIFF file: the root element is <${name}>`, line, name);
        const v = attr(tag, 'version');
        const ns = attr(tag, 'xmlns');
        if (v?.startsWith('2') || ns === NS_20) version = 2;
        else if (v?.startsWith('1') || ns === NS_12) version = 1;
        else fail(`unsupported XLIFF version "${v ?? '?'}"`, line, name);
        if (version === 2) {
          srcLang = attr(tag, 'srcLang') ?? null;
          trgLang = attr(tag, 'trgLang') ?? null;
          if (!srcLang) fail('<xliff> has no srcLang', line, name);
          checkTag(file, srcLang!, line, name, 'srcLang');
          if (trgLang) checkTag(file, trgLang, line, name, 'trgLang');
        }
        return;
      }
      if (side) { openInline(tag, line); return; }
      // Extension and module elements (mtc:matches, gls:glossary, okp:…, sdl:…) hold their own
      // sources and targets (match candidates, glossary entries): not the unit's text.
      if (name.includes(':')) {
        skipDepth = stack.length;
        options.report?.add(`<${name}>`, 'a module or extension element (match candidates, glossary entries, metadata)', line, '');
        return;
      }
      if (version === 1) {
        switch (name) {
          case 'file':
            srcLang = attr(tag, 'source-language') ?? null;
            trgLang = attr(tag, 'target-language') ?? null;
            if (!srcLang) fail('<file> has no source-language', line, name);
            checkTag(file, srcLang!, line, name, 'source-language');
            if (trgLang) checkTag(file, trgLang, line, name, 'target-language');
            break;
          case 'trans-unit':
            unitOrigin = attr(tag, 'bitext:origin') ?? null;
            unit = newPending(line);
            unit.approved = attr(tag, 'approved') === 'yes';
            break;
          case 'alt-trans': case 'seg-source':
            skipDepth = stack.length;
            options.report?.add(`<${name}>`, name === 'alt-trans' ? 'match candidates of another tool' : "the source's segmentation (the texts are kept whole)", line, '');
            break;
          case 'source': case 'target':
            if (parent !== 'trans-unit' || !unit) fail(`<${name}> outside <trans-unit>`, line, name);
            side = { text: '', codes: [], lang: attr(tag, 'xml:lang') ?? null, line };
            sideDepth = stack.length;
            collector = new CodeCollector();
            if (name === 'target') {
              checkState(attr(tag, 'state'), line, name);
              unit!.state = attr(tag, 'state') ?? null;
            }
            break;
          case 'note':
            if (unit) note = { text: '', line, inUnit: true };
            else options.report?.add('<note> outside <trans-unit>', 'a note on the file or a group', line, '');
            break;
          default:
            break;
        }
      } else {
        switch (name) {
          case 'file':
            break;
          case 'unit':
            // A unit spliced into another unit's segment would leave the outer one half-read.
            if (unit || side) fail('<unit> inside another <unit>', line, name);
            unitNotes = [];
            unitData.clear();
            inUnit = true;
            unitOrigin = attr(tag, 'bitext:origin') ?? null;
            break;
          case 'segment':
            if (parent !== 'unit') fail('<segment> outside <unit>', line, name);
            checkState(attr(tag, 'state'), line, name);
            unit = newPending(line);
            unit.state = attr(tag, 'state') ?? null;
            unit.subState = attr(tag, 'subState') ?? null;
            break;
          case 'originalData':
            break;
          case 'data':
            if (parent === 'originalData') data = { id: attr(tag, 'id') ?? '', text: '' };
            break;
          case 'ignorable':
            skipDepth = stack.length;
            break;
          case 'skeleton':
            // The original document around the units: a memory has no place for it.
            skipDepth = stack.length;
            options.report?.add('<skeleton>', 'the original document around the units', line, attr(tag, 'href') ?? '');
            break;
          case 'source': case 'target':
            if (parent !== 'segment' || !unit) fail(`<${name}> outside <segment>`, line, name);
            side = { text: '', codes: [], lang: attr(tag, 'xml:lang') ?? null, line };
            sideDepth = stack.length;
            collector = new CodeCollector();
            break;
          case 'note':
            note = { text: '', line, inUnit };
            break;
          default:
            break;
        }
      }
    },
    close(tag: SaxesTagPlain, _line: number): void {
      const name = tag.name;
      stack.pop();
      if (native) {
        native.text += `</${name}>`;
        if (stack.length < native.depth) {
          if (native.keep) collector!.add({ id: native.id, kind: native.kind, native: native.text });
          native = null;
        }
        return;
      }
      if (skipDepth > 0) {
        if (stack.length < skipDepth) skipDepth = 0;
        return;
      }
      if (side && stack.length >= sideDepth) {
        const pair = pairStack.pop();
        if (pair && pair.id !== '') append(pair.kind === 'ept' ? `{ept:${pair.id}}` : `{/${pair.kind}:${pair.id}}`, _line);
        return;
      }
      if (side && (name === 'source' || name === 'target')) {
        side.codes = collector!.codes;
        if (name === 'source') unit!.source = side;
        else unit!.target = side;
        side = null;
        collector = null;
        return;
      }
      if (name === 'data' && data) {
        unitData.set(data.id, data.text);
        data = null;
        return;
      }
      if (version === 2 && name === 'unit') inUnit = false;
      if (name === 'note' && note) {
        // A note on the file or a group has no unit to stay with: reported, not dropped in silence.
        if (!note.inUnit) options.report?.add('<note> outside <unit>', 'a note on the file or a group', note.line, note.text.trim());
        else if (version === 2) unitNotes.push(note.text.trim());
        else unit?.notes.push(note.text.trim());
        note = null;
        return;
      }
      if ((version === 1 && name === 'trans-unit') || (version === 2 && name === 'segment')) {
        if (!unit) fail(`</${name}> closes nothing that was opened`, _line, name);
        finish(unit!);
        unit = null;
      }
    },
    text(text: string, line: number): void {
      if (native) native.text += escapeXml(text);
      else if (skipDepth > 0) return;
      else if (side) append(text, line);
      else if (data) {
        data.text += text;
        if (data.text.length > MAX_TEXT) fail('data too long', line, 'data');
      } else if (note) {
        note.text += text;
        if (note.text.length > MAX_TEXT) fail('note too long', line, 'note');
      }
    },
  };
  yield* streamXml(input, file, handlers, out);
  if (version === null) throw new FormatError(file, 'not an XLIFF file');
}

/** Properties that keep a file's own XLIFF state where it says more than Bitext's status. */
const STATE_PROP_12 = 'x-xliff-state';
const STATE_PROP_20 = 'x-xliff2-state';
const SUBSTATE_PROP = 'x-xliff2-subState';
const STATE_OUT_20: Record<UnitStatus, string> = { new: 'initial', draft: 'initial', translated: 'translated', approved: 'final' };

/** The file's own state when it still says the unit's status (not after an edit changed it). */
function keptState(u: ImportedUnit, type: string, table: Record<string, UnitStatus>): string | undefined {
  const value = u.props?.find((p) => p.type === type)?.value;
  if (value === undefined) return undefined;
  const means = Object.prototype.hasOwnProperty.call(table, value) ? table[value] : value.startsWith('x-') ? u.status : undefined;
  return means === u.status ? value : undefined;
}

const STATE_OUT: Record<UnitStatus, { state: string; subState?: string }> = {
  new: { state: 'initial' },
  draft: { state: 'initial', subState: 'bitext:draft' },
  translated: { state: 'translated' },
  approved: { state: 'final' },
};

/**
 * The bpt/ept pairs of a text that nest well (each closed while innermost): XLIFF 2.0 writes
 * them as one <pc> element around their text; the others stay <sc>/<ec>.
 */
function nestedPairs(pieces: ReturnType<typeof splitInline>): Set<string> {
  const pairs = new Set<string>();
  const open: string[] = [];
  for (const p of pieces) {
    if (!isCode(p)) continue;
    if (p.kind === 'bpt') open.push(p.id);
    else if (p.kind === 'ept') {
      if (open[open.length - 1] === p.id) pairs.add(p.id);
      const at = open.lastIndexOf(p.id);
      if (at >= 0) open.splice(at, 1);
    }
  }
  return pairs;
}

/** XLIFF 2.0 inline markup for unit text; native codes go to originalData. */
function xliffSegment(text: string, codes: readonly InlineCode[], data: Map<string, string>): string {
  let out = '';
  const dataRef = (code: InlineCode | undefined): string => {
    if (!code) return '';
    const id = `d${data.size + 1}`;
    data.set(id, originalCode(code.native));
    return id;
  };
  const xid = (kind: string, id: string): string => `${kind}${id}`.replace(/[^A-Za-z0-9_.-]/g, '_');
  const pieces = splitInline(text, codes);
  const paired = nestedPairs(pieces);
  for (const p of pieces) {
    if (!isCode(p)) { out += escapeXml(p.text); continue; }
    const { kind, id, closing, code } = p;
    if (kind === 'bpt' && paired.has(id)) {
      // A well-nested pair (an HTML element around its text) is one <pc>, start and end markup kept.
      const end = codes.find((c) => c.kind === 'ept' && c.id === id);
      out += `<pc id="${xid('p', id)}" dataRefStart="${dataRef(code)}" dataRefEnd="${dataRef(end)}">`;
      continue;
    }
    if (kind === 'ept' && paired.has(id)) { out += '</pc>'; continue; }
    switch (kind) {
      case 'g': case 'pc': case 'hi':
        out += closing ? '</pc>' : `<pc id="${xid('p', id)}" dataRefStart="${dataRef(code)}">`;
        break;
      case 'bpt': case 'bx': case 'sc':
        out += `<sc id="${xid('s', id)}" dataRef="${dataRef(code)}"/>`;
        break;
      case 'ept': case 'ex': case 'ec':
        out += `<ec startRef="${xid('s', id)}" dataRef="${dataRef(code)}"/>`;
        break;
      default:
        out += `<ph id="${xid('ph', id)}" dataRef="${dataRef(code)}"/>`;
    }
  }
  return out.replace(/ data(Ref|RefStart|RefEnd)=""/g, '');
}

/** XLIFF 1.2 inline markup: codes as bpt/ept/ph with their original code, paired ones as g. */
function xliff12Segment(text: string, codes: readonly InlineCode[]): string {
  let out = '';
  const xid = (id: string): string => escapeAttribute(id);
  for (const p of splitInline(text, codes)) {
    if (!isCode(p)) { out += escapeXml(p.text); continue; }
    const { kind, id, closing, code } = p;
    const native = code?.native ?? '';
    // Codes read from XLIFF 1.2 are written as they were read.
    if (!closing && /^<(x|bx|ex)\b[^>]*\/>$/.test(native) && native.startsWith(`<${kind}`)) { out += native; continue; }
    const original = code ? originalCode(native) : '';
    switch (kind) {
      case 'g': case 'pc': case 'hi':
        out += closing ? '</g>' : `<g id="${xid(id)}">`;
        break;
      case 'bpt': case 'bx': case 'sc':
        out += `<bpt id="${xid(id)}">${escapeXml(original)}</bpt>`;
        break;
      case 'ept': case 'ex': case 'ec':
        out += `<ept id="${xid(id)}">${escapeXml(original)}</ept>`;
        break;
      case 'it':
        out += `<it id="${xid(id)}" pos="open">${escapeXml(original)}</it>`;
        break;
      default:
        out += `<ph id="${xid(id)}">${escapeXml(original)}</ph>`;
    }
  }
  return out;
}

/** XLIFF 1.2 has no draft: ours is a user-defined state, which 1.2 allows as x-…. */
const DRAFT_12 = 'x-bitext-draft';
const STATE_OUT_12: Record<UnitStatus, string> = { new: 'new', draft: DRAFT_12, translated: 'translated', approved: 'final' };

/** The pairs an XLIFF export writes for a unit: its source with each target (or the one asked for). */
function xliffPairs(u: ImportedUnit, options: FormatWriteOptions): Array<{ source: ExportText; target: ExportText | null }> {
  const texts = exportTexts(u, options);
  if (!texts || !texts.source) return [];
  if (texts.targets.length === 0) return [{ source: texts.source, target: null }];
  return texts.targets.map((target) => ({ source: texts.source!, target }));
}

async function writeXliff(source: AsyncIterable<ImportedUnit> | Iterable<ImportedUnit>, output: NodeJS.WritableStream, options: FormatWriteOptions = {}): Promise<void> {
  if (options.xliffVersion === '1.2') return writeXliff12(source, output, options);
  const iterator = items(source);
  const spell = (locale: string): string => exportTag(locale, options.localeTags ?? 'region', options.hantRegion ?? 'HK');
  let header: { src: string; trg: string } | null = null;
  const open = async (src: string, trg: string): Promise<void> => {
    header = { src, trg };
    await writeOut(output, '<?xml version="1.0" encoding="UTF-8"?>\n'
      + `<xliff xmlns="${NS_20}" xmlns:bitext="${NS_BITEXT}" version="2.0" srcLang="${escapeAttribute(src)}" trgLang="${escapeAttribute(trg)}">\n`
      + '  <file id="f1">\n');
  };
  let n = 0;
  const writeUnit = async (u: ImportedUnit): Promise<void> => {
    // XLIFF 2.0 is bilingual: the unit's working target, or the one language asked for.
    const [pair] = xliffPairs(u, options);
    if (!pair) return;
    const src = pair.source.tag;
    const trg = pair.target?.tag ?? spell(options.targetLocale ?? u.targetLocale);
    if (!header) await open(src, trg);
    if (header!.src !== src || header!.trg !== trg) {
      // One XLIFF 2.0 file holds one language pair; silently dropping units would lose work.
      throw new Error(`XLIFF 2.0 holds one language pair per file (${header!.src}→${header!.trg}); found ${src}→${trg}: export each pair separately (--target-locale), or as XLIFF 1.2 (--xliff-version 1.2), which holds several`);
    }
    n++;
    const data = new Map<string, string>();
    const srcXml = xliffSegment(pair.source.text, u.inlineCodes, data);
    const tgtXml = pair.target ? xliffSegment(pair.target.text, u.inlineCodes, data) : '';
    const st = { ...STATE_OUT[pair.target ? u.status : 'new'] };
    if (pair.target) {
      st.state = keptState(u, STATE_PROP_20, STATES_20) ?? st.state;
      const sub = u.props?.find((p) => p.type === SUBSTATE_PROP)?.value;
      if (sub && !st.subState) st.subState = sub;
    }
    let s = `    <unit id="u${n}" bitext:origin="${u.origin}">\n`;
    if (u.note) s += `      <notes><note>${escapeXml(u.note)}</note></notes>\n`;
    if (data.size > 0) {
      s += '      <originalData>';
      for (const [id, value] of data) s += `<data id="${id}">${escapeXml(value)}</data>`;
      s += '</originalData>\n';
    }
    s += `      <segment state="${st.state}"${st.subState ? ` subState="${escapeAttribute(st.subState)}"` : ''}>\n`;
    s += `        <source>${srcXml}</source>\n`;
    if (pair.target && (pair.target.text !== '' || u.status !== 'new')) s += `        <target>${tgtXml}</target>\n`;
    s += '      </segment>\n    </unit>\n';
    await writeOut(output, s);
  };
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) await writeUnit(next.value);
  if (!header) await open(spell(options.sourceLocale ?? 'en'), spell(options.targetLocale ?? 'zh-Hans'));
  await writeOut(output, '  </file>\n</xliff>\n');
}

/**
 * XLIFF 1.2, which Translate Toolkit, OmegaT and Okapi read. A `<file>` per run of units with one
 * source language; a target in another language than the file's `target-language` says so in
 * its `xml:lang` (1.2 allows it), so a memory in several pairs streams out whole into one file.
 */
async function writeXliff12(source: AsyncIterable<ImportedUnit> | Iterable<ImportedUnit>, output: NodeJS.WritableStream, options: FormatWriteOptions): Promise<void> {
  await writeOut(output, '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<xliff xmlns="${NS_12}" xmlns:bitext="${NS_BITEXT}" version="1.2">\n`);
  let current = null as { src: string; trg: string } | null;
  let files = 0;
  let n = 0;
  for await (const u of items(source)) {
    for (const { source: src, target } of xliffPairs(u, options)) {
      const trg = target?.tag ?? exportTag(options.targetLocale ?? u.targetLocale, options.localeTags ?? 'region', options.hantRegion ?? 'HK');
      let s = '';
      if (current === null || current.src !== src.tag) {
        if (current !== null) s += '    </body>\n  </file>\n';
        files++;
        s += `  <file original="bitext-memory-${files}" datatype="plaintext" source-language="${escapeAttribute(src.tag)}" target-language="${escapeAttribute(trg)}">\n    <body>\n`;
        current = { src: src.tag, trg };
      }
      n++;
      const lang = trg !== current.trg ? ` xml:lang="${escapeAttribute(trg)}"` : '';
      s += `      <trans-unit id="${n}" bitext:origin="${u.origin}"${target && u.status === 'approved' ? ' approved="yes"' : ''}>\n`;
      s += `        <source xml:space="preserve">${xliff12Segment(src.text, u.inlineCodes)}</source>\n`;
      if (target) s += `        <target xml:space="preserve"${lang} state="${escapeAttribute(keptState(u, STATE_PROP_12, STATES_12) ?? STATE_OUT_12[u.status])}">${xliff12Segment(target.text, u.inlineCodes)}</target>\n`;
      if (u.note) s += `        <note>${escapeXml(u.note)}</note>\n`;
      s += '      </trans-unit>\n';
      await writeOut(output, s);
    }
  }
  if (current === null) {
    await writeOut(output, `  <file original="bitext-memory-1" datatype="plaintext" source-language="${exportTag(options.sourceLocale ?? 'en', options.localeTags ?? 'region', options.hantRegion ?? 'HK')}">\n    <body>\n`);
  }
  await writeOut(output, '    </body>\n  </file>\n</xliff>\n');
}

export const xliffAdapter: FormatAdapter<ImportedUnit> = {
  name: 'xliff',
  read: readXliff,
  write: writeXliff,
};
