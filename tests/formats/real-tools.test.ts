/**
 * Files of the kinds real tools write (tests/fixtures/formats) against Translate Toolkit
 * (Debian's translate-toolkit, read through tests/formats/tt-read.py):
 * - every fixture imports into a fresh store with the unit and term counts, and the texts, that
 *   Translate Toolkit reads;
 * - every export of that store (TMX, XLIFF 1.2, XLIFF 2.0, unit CSV, TBX 2008) is read back by
 *   Translate Toolkit with the same texts (XLIFF 2.0 by lxml: Translate Toolkit 3.8 has no reader).
 * Under CI=true a missing translate-toolkit fails this file; on a dev machine it skips.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getGlossaryFormat, getUnitFormat, ReadReport, type ImportedUnit } from '../../src/formats';
import { keptLocale } from '../../src/locale';
import { openStore } from '../../src/store';
import type { Workflow } from '../../src/workflow';
import type { NewConcept } from '../../src/termbase';
import { INLINE_CODE_TOKEN } from '../../src/document';
import { REPO_ROOT } from '../support/stores';
import { workflowOver } from '../support/workflow-store';
import { exportToFile } from './export-file';

const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures', 'formats');
const SCRIPT = join(__dirname, 'tt-read.py');
const PYTHON = '/usr/bin/python3';

type TtKind = 'tmx' | 'xliff' | 'xliff2' | 'tbx' | 'csv';
interface TtLanguage { lang: string | null; text: string | null; plain: string }
interface TtUnit {
  source: string | null;
  target: string | null;
  languages?: TtLanguage[];
  terms?: Array<{ lang: string; text: string }>;
  id?: string | null;
  categories?: string[];
  notes?: string;
  state?: string | null;
}
interface TtResult { reader: string; units: TtUnit[] }

function translateToolkit(): boolean {
  return spawnSync(PYTHON, ['-c', 'import translate.storage.tmx, lxml'], { encoding: 'utf8' }).status === 0;
}
const AVAILABLE = translateToolkit();
const UNDER_CI = process.env.CI === 'true';

export function ttRead(kind: TtKind, file: string): TtResult {
  const r = spawnSync(PYTHON, [SCRIPT, kind, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`tt-read.py ${kind} ${file} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as TtResult;
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();
/** Bitext's text without its inline-code tokens, as tt-read.py's `plain`. */
const plain = (s: string): string => collapse(s.replace(new RegExp(INLINE_CODE_TOKEN.source, 'g'), ''));
const lang = (tag: string | null | undefined): string => keptLocale(tag ?? '') ?? `?${tag}`;

/** One file unit as a sorted list of `locale<TAB>text`, empty texts left out. */
type Texts = string[];

function ttRecords(result: TtResult): Texts[] {
  return result.units.map((u) => (u.languages ?? [])
    .filter((l) => l.plain !== '')
    .map((l) => `${lang(l.lang)}\t${l.plain}`)
    .sort());
}

function unitTexts(u: Pick<ImportedUnit, 'sourceLocale' | 'sourceText' | 'targetLocale' | 'targetText' | 'variants'>): string[] {
  const all = [
    { locale: u.sourceLocale, text: u.sourceText },
    { locale: u.targetLocale, text: u.targetText },
    ...(u.variants ?? []),
  ];
  return all.filter((t) => plain(t.text) !== '').map((t) => `${lang(t.locale)}\t${plain(t.text)}`);
}

/** Bitext's units grouped back into the file's units (ImportedUnit.fileUnit). */
function bitextRecords(units: ImportedUnit[]): Texts[] {
  const groups = new Map<number, Set<string>>();
  units.forEach((u, i) => {
    const key = u.fileUnit ?? -i - 1;
    const group = groups.get(key) ?? new Set<string>();
    for (const t of unitTexts(u)) group.add(t);
    groups.set(key, group);
  });
  return [...groups.values()].map((g) => [...g].sort());
}

const sortRecords = (records: Texts[]): string[] => records.map((r) => r.join('\n')).sort();

/** Every distinct language text of a set of records. */
const textSet = (records: Texts[]): string[] => [...new Set(records.flat())].sort();

async function readUnits(format: 'tmx' | 'xliff' | 'csv', file: string): Promise<ImportedUnit[]> {
  const units: ImportedUnit[] = [];
  for await (const u of getUnitFormat(format).read(createReadStream(file), { fileName: file })) units.push(u);
  return units;
}

const dir = mkdtempSync(join(tmpdir(), 'bitext-real-tools-'));
let stores = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function freshWorkflow(): Promise<Workflow> {
  return workflowOver(await openStore(join(dir, `store-${++stores}.db`)));
}

interface UnitFixture { file: string; format: 'tmx' | 'xliff'; tt: TtKind }
const UNIT_FIXTURES: UnitFixture[] = [
  { file: 'tmx/lisa-kit-level2.tmx', format: 'tmx', tt: 'tmx' },
  { file: 'tmx/lisa-kit-multilingual-utf16.tmx', format: 'tmx', tt: 'tmx' },
  { file: 'tmx/omegat-project_save.tmx', format: 'tmx', tt: 'tmx' },
  { file: 'tmx/omegat-tm-auto-level2.tmx', format: 'tmx', tt: 'tmx' },
  { file: 'tmx/omegat-3.6-generated-omegat.tmx', format: 'tmx', tt: 'tmx' },
  { file: 'tmx/omegat-3.6-generated-level1.tmx', format: 'tmx', tt: 'tmx' },
  { file: 'tmx/omegat-3.6-generated-level2.tmx', format: 'tmx', tt: 'tmx' },
  { file: 'tmx/trados-en-fr.tmx', format: 'tmx', tt: 'tmx' },
  { file: 'tmx/zh-ja.tmx', format: 'tmx', tt: 'tmx' },
  { file: 'xliff/oasis-2.0-en-fr.xlf', format: 'xliff', tt: 'xliff2' },
  { file: 'xliff/okapi-rainbow-1.2.xlf', format: 'xliff', tt: 'xliff' },
  { file: 'xliff/omegat-okapi-1.2.xlf', format: 'xliff', tt: 'xliff' },
  { file: 'xliff/zh-ja-1.2.xlf', format: 'xliff', tt: 'xliff' },
];
const TERM_FIXTURES = ['tbx/ltac-astronomy-en-es-zu.tbx', 'tbx/weblate-en-fr.tbx'];

/** The counts per fixture, for the notes: Bitext vs Translate Toolkit. */
const counts: string[] = [];
afterAll(() => {
  if (counts.length && process.env.BITEXT_PRINT_COUNTS) process.stdout.write(`${counts.join('\n')}\n`);
});

const suite = AVAILABLE ? describe : UNDER_CI ? describe : describe.skip;

suite('real tools: Translate Toolkit reads what Bitext reads and writes', () => {
  beforeAll(() => {
    if (!AVAILABLE) throw new Error('translate-toolkit is not installed (/usr/bin/python3 -c "import translate" fails): .ci/run installs it');
  });

  describe.each(UNIT_FIXTURES)('$file', ({ file, format, tt }) => {
    const path = join(FIXTURES, file);

    test('imports into a fresh store with the units and texts Translate Toolkit reads', async () => {
      const reference = ttRecords(ttRead(tt, path));
      const units = await readUnits(format, path);
      const records = bitextRecords(units);
      counts.push(`${file}: Translate Toolkit ${reference.length} units, Bitext ${records.length} file units (${units.length} memory units)`);
      expect(records).toEqual(reference);

      const workflow = await freshWorkflow();
      try {
        const summary = await workflow.importMemory(getUnitFormat(format).read(createReadStream(path), { fileName: path }), { by: 'test' });
        expect(summary).toEqual({ read: reference.length, added: units.length, updated: 0, duplicates: 0 });
        const stored: ImportedUnit[] = [];
        for await (const u of workflow.exportMemory()) stored.push(u);
        // What the memory exports is every unit that has a translation in some language, whole.
        const translated = units.filter((u) => u.targetText.trim() !== '' || u.variants?.length);
        expect(stored.map(unitTexts).map((t) => t.sort())).toEqual(translated.map(unitTexts).map((t) => t.sort()));
      } finally {
        await workflow.close();
      }
    });

    test('every export is read back by Translate Toolkit with the same texts', async () => {
      const units = await readUnits(format, path);
      const translated = units.filter((u) => u.targetText.trim() !== '' || u.variants?.length);
      const expected = textSet(bitextRecords(translated));
      const workflow = await freshWorkflow();
      try {
        await workflow.importMemory(getUnitFormat(format).read(createReadStream(path), { fileName: path }), { by: 'test' });
        const base = join(dir, `${stores}-${file.replace(/\W+/g, '_')}`);

        // TMX is multilingual: the file's units come back whole, one <tu> each, as the CLI exports them.
        const tmx = await exportToFile(`${base}.tmx`, (out) => getUnitFormat('tmx').write(workflow.exportMemory({ bySource: true }), out, { sourceLocale: 'en' }));
        const tmxBack = ttRecords(ttRead('tmx', tmx));
        expect(textSet(tmxBack)).toEqual(expected);
        expect(sortRecords(tmxBack)).toEqual(sortRecords(bitextRecords(translated)));
        // Notes come back with their units (the memory keeps them since migration 31).
        if (tt !== 'xliff2') {
          const notes = (r: TtResult): string[] => r.units.filter((u) => (u.languages ?? []).filter((l) => l.plain !== '').length > 1).map((u) => collapse(u.notes ?? '')).filter(Boolean).sort();
          expect(notes(ttRead('tmx', tmx))).toEqual(notes(ttRead(tt, path)));
        }

        const x12 = await exportToFile(`${base}.12.xlf`, (out) => getUnitFormat('xliff').write(workflow.exportMemory(), out, { sourceLocale: 'en', xliffVersion: '1.2' }));
        const x12Back = ttRead('xliff', x12);
        expect(textSet(ttRecords(x12Back))).toEqual(expected);
        // XLIFF 1.2 states come back as the file had them (needs-review-translation, signed-off …).
        if (tt === 'xliff') {
          const states = (r: TtResult): string[] => r.units.filter((u) => (u.target ?? '') !== '').map((u) => `${collapse(u.source ?? '')}\t${u.state ?? ''}`).sort();
          expect(states(x12Back)).toEqual(states(ttRead('xliff', path)).map((x) => (x.endsWith('\t') ? `${x}translated` : x)));
        }

        const csv = await exportToFile(`${base}.csv`, (out) => getUnitFormat('csv').write(workflow.exportMemory(), out, { sourceLocale: 'en' }));
        const csvBack = ttRead('csv', csv).units;
        const csvRows = readFileSync(csv, 'utf8').trim().split('\n').length - 1;
        expect(csvBack).toHaveLength(csvRows);

        // XLIFF 2.0 holds one language pair a file: one export per target language.
        const targets = [...new Set(expected.map((t) => t.split('\t')[0]))];
        const seen = new Set<string>();
        for (const target of targets) {
          const x20 = await exportToFile(`${base}.${target}.xlf`, (out) => getUnitFormat('xliff').write(workflow.exportMemory({ targetLocale: target }), out, { sourceLocale: 'en', targetLocale: target }));
          for (const t of textSet(ttRecords(ttRead('xliff2', x20)))) seen.add(t);
        }
        expect([...seen].sort()).toEqual(expected);
      } finally {
        await workflow.close();
      }
    });
  });

  describe.each(TERM_FIXTURES)('%s', (file) => {
    const path = join(FIXTURES, file);
    const ttConcepts = (result: TtResult): string[][] => result.units.map((u) => (u.terms ?? []).map((t) => `${lang(t.lang)}\t${collapse(t.text)}`).sort());
    const bitextConcepts = (concepts: NewConcept[]): string[][] => concepts.map((c) => c.terms.map((t) => `${lang(t.locale)}\t${collapse(t.text)}`).sort());

    test('imports with the concepts and terms Translate Toolkit reads; TBX 2008 export read back the same', async () => {
      const tt = ttRead('tbx', path);
      const reference = ttConcepts(tt);
      const report = new ReadReport();
      const concepts: NewConcept[] = [];
      for await (const c of getGlossaryFormat('tbx').read(createReadStream(path), { fileName: path, report })) concepts.push(c);
      counts.push(`${file}: Translate Toolkit ${reference.length} concepts / ${reference.flat().length} terms, Bitext ${concepts.length} / ${concepts.flatMap((c) => c.terms).length}`);
      expect(bitextConcepts(concepts)).toEqual(reference);
      expect(concepts.map((c) => c.id ?? null)).toEqual(tt.units.map((u) => u.id ?? null));

      const workflow = await freshWorkflow();
      try {
        const summary = await workflow.importConcepts(concepts, 'test');
        expect(summary.added).toBe(reference.length);
        const stored = await workflow.listConcepts();
        expect(bitextConcepts(stored).sort()).toEqual([...reference].sort());
        const tbx = await exportToFile(join(dir, `${stores}.tbx`), (out) => getGlossaryFormat('tbx').write(stored, out, { tbxVersion: '2008' }));
        const back = ttRead('tbx', tbx);
        expect(ttConcepts(back).sort()).toEqual([...reference].sort());
        // Every data category of every concept (definitions, notes, sources, cross-references,
        // transactions, subsets, part of speech, gender …) is in the export, at its level.
        // Concepts matched by their terms (a file without ids gets Bitext's ids on export).
        const termsKey = (u: TtUnit): string => ttConcepts({ reader: '', units: [u] })[0].join('\n');
        const exported = new Map(back.units.map((u) => [termsKey(u), new Set(u.categories ?? [])]));
        for (const u of tt.units) {
          const missing = (u.categories ?? []).filter((c) => !exported.get(termsKey(u))?.has(c));
          expect({ concept: u.id ?? termsKey(u), missing }).toEqual({ concept: u.id ?? termsKey(u), missing: [] });
        }
      } finally {
        await workflow.close();
      }
    });
  });
});
