/**
 * `npm run bench -- fuzzy-pg [--units 100000] [--queries 200] [--threshold 0.3] [--candidates 50] [--pg-url URL]`
 *
 * Where should fuzzy candidates come from on PostgreSQL: pg_trgm (a GIN trigram index, queried
 * with `%` and ordered by similarity, then rescored with Bitext's own score), or the in-memory
 * candidate index Bitext builds per process from the store (src/memory)? Both over the same
 * --units English→Chinese units in a fresh schema, the same queries (edits of stored sentences
 * and unseen ones, as bench/fuzzy makes them), min 70, top 5. Prints per-lookup p50/p99, build
 * times, and how often pg_trgm's top 5 equals the index's (the index equals a full scan, as
 * bench/fuzzy checks), and the speed ratio measured in the same run.
 */
import { Pool } from 'pg';
import { TranslationMemoryIndex, prepareScan, type FuzzyMatch, type IndexedUnit } from '../src/memory';
import type { NewTranslationUnit } from '../src/memory/types';
import { openStore } from '../src/store';
import { Generator, loadCorpus, mulberry32 } from './fuzzy';
import { freshSchema, option, pgBaseUrl } from './_cluster';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const key = (ms: FuzzyMatch[]): string => ms.map((m) => `${m.unitId}:${m.score}`).join(',');

export default async function fuzzyPg(args: string[]): Promise<void> {
  const size = Number(option(args, 'units', '100000'));
  const queryCount = Number(option(args, 'queries', '200'));
  const threshold = Number(option(args, 'threshold', '0.3'));
  const candidates = Number(option(args, 'candidates', '50'));
  const base = pgBaseUrl(args);
  if (!base) throw new Error('fuzzy-pg: give --pg-url, or set BITEXT_BENCH_PG_URL or BITEXT_TEST_PG_URL');
  const corpus = loadCorpus();
  if (corpus.english.length === 0) throw new Error('fuzzy-pg needs ../shared/corpora (English sentences)');

  const gen = new Generator(corpus, mulberry32(size));
  const schema = await freshSchema(base, 'trgm');
  const store = await openStore(schema.url);
  const pool = new Pool({ connectionString: schema.url, max: 2 });
  try {
    let t0 = performance.now();
    const units: IndexedUnit[] = [];
    for (let i = 1; i <= size; i++) units.push(gen.unit(i));
    for (let i = 0; i < units.length; i += 10_000) {
      await store.insertUnits(units.slice(i, i + 10_000).map((u): NewTranslationUnit => ({
        documentId: null, position: null, paragraph: null, sourceLocale: u.sourceLocale, sourceText: u.sourceText,
        targetLocale: u.targetLocale, targetText: u.targetText, status: u.status, origin: u.origin, bead: null, matchScore: null,
        previousSource: null, nextSource: null, inlineCodes: [], findings: [], overrides: [], createdBy: 'bench',
      })));
    }
    console.log(`${size.toLocaleString('en')} units stored in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // The in-memory index, built from the store as a server process builds it.
    t0 = performance.now();
    const index = new TranslationMemoryIndex();
    const stored = new Map<number, IndexedUnit>();
    for (let after = 0; ;) {
      const page = await store.listUnitsPage({}, after, 5000);
      if (page.length === 0) break;
      for (const u of page) {
        index.add(u);
        stored.set(u.id, u);
      }
      after = page[page.length - 1]!.id;
    }
    const indexBuild = performance.now() - t0;

    t0 = performance.now();
    await pool.query('CREATE INDEX translation_units_trgm ON translation_units USING gin (source_text gin_trgm_ops)');
    await pool.query('ANALYZE translation_units');
    const trgmBuild = performance.now() - t0;

    const sources = [...stored.values()].map((u) => u.sourceText);
    const queries = Array.from({ length: queryCount }, (_, q) => (q % 2 === 0 ? gen.sentence() : gen.vary(sources[(q * 7919) % sources.length]!, q % 4)));
    const options = { sourceLocale: 'en' as const, targetLocale: 'zh-Hans' as const, min: 70, limit: 5 };

    const client = await pool.connect();
    try {
      await client.query(`SET pg_trgm.similarity_threshold = ${threshold}`);
      const sql = `SELECT id FROM translation_units WHERE source_text % $1 AND source_locale = 'en' AND target_locale = 'zh-Hans'
        ORDER BY similarity(source_text, $1) DESC LIMIT ${candidates}`;
      const trgm = async (q: string): Promise<FuzzyMatch[]> => {
        const ids = (await client.query<{ id: string }>(sql, [q])).rows.map((r) => Number(r.id));
        // Bitext's own score on the candidates, so only the candidate source differs.
        return prepareScan(ids.map((id) => stored.get(id)!)).lookup(q, options);
      };
      for (const q of queries.slice(0, 20)) {
        index.lookup(q, options);
        await trgm(q);
      }
      const indexTimes: number[] = [];
      const trgmTimes: number[] = [];
      let agree = 0;
      let matched = 0;
      for (const q of queries) {
        t0 = performance.now();
        const mine = index.lookup(q, options);
        indexTimes.push(performance.now() - t0);
        t0 = performance.now();
        const theirs = await trgm(q);
        trgmTimes.push(performance.now() - t0);
        if (mine.length) matched++;
        if (key(mine) === key(theirs)) agree++;
      }
      indexTimes.sort((a, b) => a - b);
      trgmTimes.sort((a, b) => a - b);
      const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
      console.log(`in-memory index: build ${(indexBuild / 1000).toFixed(1)} s (read from the store), lookup p50 ${percentile(indexTimes, 50).toFixed(2)} ms, p99 ${percentile(indexTimes, 99).toFixed(2)} ms`);
      console.log(`pg_trgm GIN:     build ${(trgmBuild / 1000).toFixed(1)} s, lookup p50 ${percentile(trgmTimes, 50).toFixed(2)} ms, p99 ${percentile(trgmTimes, 99).toFixed(2)} ms `
        + `(threshold ${threshold}, ${candidates} candidates, rescored)`);
      console.log(`same top 5 as the index (= a full scan): ${agree}/${queries.length} queries (${matched} with matches ≥ 70)`);
      console.log(`ratio pg_trgm mean / index mean: ${(mean(trgmTimes) / mean(indexTimes)).toFixed(0)}× (higher: the index is faster)`);
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
    await store.close();
    await schema.drop();
  }
}
