/**
 * XLIFF 1.2 and 2.0 read (told apart by the version attribute, or the namespace), XLIFF 2.0
 * written. Review states map to ours; a state we do not know is an error, not a guess.
 */
import type { SaxesTagPlain } from 'saxes';
import { toLocale, type Locale } from '../locale';
import { UNIT_ORIGINS, type UnitOrigin, type UnitStatus } from '../memory/types';
import type { InlineCode } from '../document';
import { FormatError, type FormatAdapter, type FormatWriteOptions, type ImportedUnit } from './adapter';
import { CodeCollector, isCode, mergeCodes, originalCode, splitInline } from './inline';
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

async function* readXliff(input: NodeJS.ReadableStream, options: { fileName: string }): AsyncGenerator<ImportedUnit> {
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
  let note: { text: string } | null = null;
  // XLIFF 2.0 originalData: the native codes that dataRef attributes point to.
  const unitData = new Map<string, string>();
  let data: { id: string; text: string } | null = null;
  // alt-trans (1.2), seg-source (1.2) and originalData (2.0) hold text that is not the unit's.
  let skipDepth = 0;

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
    const sourceLocale = toLocale(sourceTag!, source.text);
    const targetLocale = toLocale(targetTag!, target?.text ?? '');
    if (!sourceLocale) fail(`source language "${sourceTag}" is neither English nor Chinese`, p.line);
    if (!targetLocale) fail(`target language "${targetTag}" is neither English nor Chinese`, p.line);
    const targetText = target?.text ?? '';
    let status: UnitStatus;
    if (p.state !== null) {
      const table = version === 1 ? STATES_12 : STATES_20;
      const mapped = Object.prototype.hasOwnProperty.call(table, p.state) ? table[p.state] : undefined;
      if (!mapped) fail(`unknown state "${p.state}"`, target?.line ?? p.line, version === 1 ? 'target' : 'segment');
      status = mapped!;
      if (p.subState === 'bitext:draft' && status === 'new') status = 'draft';
    } else status = targetText.trim() === '' ? 'new' : 'translated';
    if (p.approved) status = 'approved';
    const origin: UnitOrigin = (UNIT_ORIGINS as readonly string[]).includes(p.origin ?? '') ? (p.origin as UnitOrigin) : 'imported';
    out.push({
      sourceLocale: sourceLocale!, sourceText: source.text, targetLocale: targetLocale!, targetText, status, origin,
      inlineCodes: mergeCodes(source.codes, target?.codes ?? []),
      note: p.notes.length > 0 ? p.notes.join('\n') : null,
    });
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
        }
        return;
      }
      if (side) { openInline(tag, line); return; }
      if (version === 1) {
        switch (name) {
          case 'file':
            srcLang = attr(tag, 'source-language') ?? null;
            trgLang = attr(tag, 'target-language') ?? null;
            if (!srcLang) fail('<file> has no source-language', line, name);
            break;
          case 'trans-unit':
            unitOrigin = attr(tag, 'bitext:origin') ?? null;
            unit = newPending(line);
            unit.approved = attr(tag, 'approved') === 'yes';
            break;
          case 'alt-trans': case 'seg-source':
            skipDepth = stack.length;
            break;
          case 'source': case 'target':
            if (parent !== 'trans-unit' || !unit) fail(`<${name}> outside <trans-unit>`, line, name);
            side = { text: '', codes: [], lang: attr(tag, 'xml:lang') ?? null, line };
            sideDepth = stack.length;
            collector = new CodeCollector();
            if (name === 'target') unit!.state = attr(tag, 'state') ?? null;
            break;
          case 'note':
            if (unit) note = { text: '' };
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
            unitOrigin = attr(tag, 'bitext:origin') ?? null;
            break;
          case 'segment':
            if (parent !== 'unit') fail('<segment> outside <unit>', line, name);
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
          case 'source': case 'target':
            if (parent !== 'segment' || !unit) fail(`<${name}> outside <segment>`, line, name);
            side = { text: '', codes: [], lang: attr(tag, 'xml:lang') ?? null, line };
            sideDepth = stack.length;
            collector = new CodeCollector();
            break;
          case 'note':
            note = { text: '' };
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
        if (pair && pair.id !== '') append(`{/${pair.kind}:${pair.id}}`, _line);
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
      if (name === 'note' && note) {
        if (version === 2) unitNotes.push(note.text.trim());
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

const STATE_OUT: Record<UnitStatus, { state: string; subState?: string }> = {
  new: { state: 'initial' },
  draft: { state: 'initial', subState: 'bitext:draft' },
  translated: { state: 'translated' },
  approved: { state: 'final' },
};

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
  for (const p of splitInline(text, codes)) {
    if (!isCode(p)) { out += escapeXml(p.text); continue; }
    const { kind, id, closing, code } = p;
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
  return out.replace(/ data(Ref|RefStart)=""/g, '');
}

async function writeXliff(source: AsyncIterable<ImportedUnit> | Iterable<ImportedUnit>, output: NodeJS.WritableStream, options: FormatWriteOptions = {}): Promise<void> {
  const iterator = items(source);
  const first = await iterator.next();
  const srcLang: Locale = options.sourceLocale ?? (first.done ? 'en' : first.value.sourceLocale);
  const trgLang: Locale = options.targetLocale ?? (first.done ? 'zh-Hans' : first.value.targetLocale);
  await writeOut(output, '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<xliff xmlns="${NS_20}" xmlns:bitext="${NS_BITEXT}" version="2.0" srcLang="${srcLang}" trgLang="${trgLang}">\n`
    + '  <file id="f1">\n');
  let n = 0;
  const writeUnit = async (u: ImportedUnit): Promise<void> => {
    if (u.sourceLocale !== srcLang || u.targetLocale !== trgLang) {
      // One XLIFF 2.0 file holds one language pair; silently dropping units would lose work.
      throw new Error(`XLIFF 2.0 holds one language pair per file (${srcLang}→${trgLang}); found ${u.sourceLocale}→${u.targetLocale}: export each pair separately`);
    }
    n++;
    const data = new Map<string, string>();
    const src = xliffSegment(u.sourceText, u.inlineCodes, data);
    const tgt = xliffSegment(u.targetText, u.inlineCodes, data);
    const st = STATE_OUT[u.status];
    let s = `    <unit id="u${n}" bitext:origin="${u.origin}">\n`;
    if (u.note) s += `      <notes><note>${escapeXml(u.note)}</note></notes>\n`;
    if (data.size > 0) {
      s += '      <originalData>';
      for (const [id, value] of data) s += `<data id="${id}">${escapeXml(value)}</data>`;
      s += '</originalData>\n';
    }
    s += `      <segment state="${st.state}"${st.subState ? ` subState="${escapeAttribute(st.subState)}"` : ''}>\n`;
    s += `        <source>${src}</source>\n`;
    if (u.targetText !== '' || u.status !== 'new') s += `        <target>${tgt}</target>\n`;
    s += '      </segment>\n    </unit>\n';
    await writeOut(output, s);
  };
  if (!first.done) await writeUnit(first.value);
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) await writeUnit(next.value);
  await writeOut(output, '  </file>\n</xliff>\n');
}

export const xliffAdapter: FormatAdapter<ImportedUnit> = {
  name: 'xliff',
  read: readXliff,
  write: writeXliff,
};
