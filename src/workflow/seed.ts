import { readdir, readFile, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { LOCALES, type Locale } from '../locale';
import { readGlossaryFile } from './glossary-files';
import { normaliseInput } from '../segmentation';
import type { WorkflowContext } from './context';
import { alignArticle, importDocument } from './documents';
import { importConcepts } from './termbase';
import { applyPreferredSourceTerms } from './termbase';
import { approveUnit } from './review';
import { ApprovalBlockedError } from './errors';

export const SEED_USER = 'seed';

export interface SeedReport {
  concepts: { added: number; updated: number; unchanged: number };
  uiStrings: Locale[];
  articles: Array<{ slug: string; status: 'created' | 'unchanged'; segments: number; approved: number; blocked: Array<{ unitId: number; findings: string[] }> }>;
}

/** JSON with sorted keys: PostgreSQL's jsonb does not keep key order, so compare meaning, not bytes. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/**
 * Loads glossary/, the UI strings of locales/ and content/ into the store. Idempotent: concepts
 * already stored unchanged, UI strings equal, and articles already present are left as they are.
 *
 * An article folder holds `en.md` (as published) and, where the team translated it,
 * `zh-Hans.md`. Seeding aligns the two, replaces forbidden terms in the English by the preferred
 * ones as recorded source edits, approves the team's reviewed translation (the checks still
 * gate it: a unit with an error finding stays unapproved and is reported), and derives zh-Hant.
 */
export async function seed(context: WorkflowContext, root: string): Promise<SeedReport> {
  const report: SeedReport = { concepts: { added: 0, updated: 0, unchanged: 0 }, uiStrings: [], articles: [] };

  const glossaryDir = join(root, 'glossary');
  if (await exists(glossaryDir)) {
    for (const file of (await readdir(glossaryDir)).sort()) {
      if (!/\.(tbx|csv)$/i.test(file)) continue;
      const path = join(glossaryDir, file);
      const result = await importConcepts(context, readGlossaryFile(createReadStream(path), path), SEED_USER);
      report.concepts.added += result.added;
      report.concepts.updated += result.updated;
      report.concepts.unchanged += result.unchanged;
    }
  }

  for (const locale of LOCALES) {
    const path = join(root, 'locales', `${locale}.json`);
    if (!(await exists(path))) continue;
    const strings = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    const stored = await context.store.loadUiStrings(locale);
    if (canonicalJson(stored) !== canonicalJson(strings)) {
      await context.store.saveUiStrings(locale, strings);
      report.uiStrings.push(locale);
    }
  }

  const contentDir = join(root, 'content');
  const slugs = (await exists(contentDir)) ? (await readdir(contentDir)).sort() : [];
  for (const slug of slugs) {
    const folder = join(contentDir, slug);
    const englishPath = join(folder, 'en.md');
    if (!(await exists(englishPath))) continue;
    const existing = await context.store.getDocumentBySlug(slug);
    if (existing) {
      report.articles.push({ slug, status: 'unchanged', segments: (await context.store.listSegments(existing.id)).length, approved: 0, blocked: [] });
      continue;
    }
    const english = normaliseInput(await readFile(englishPath), englishPath);
    const chinesePath = join(folder, 'zh-Hans.md');
    const summary = (await exists(chinesePath))
      ? await alignArticle(context, {
        sourceText: english, sourceFile: englishPath,
        targetText: normaliseInput(await readFile(chinesePath), chinesePath), targetFile: chinesePath,
        sourceLocale: 'en', targetLocale: 'zh-Hans', slug, by: SEED_USER,
      })
      : await importDocument(context, { text: english, fileName: englishPath, locale: 'en', slug, by: SEED_USER });
    await applyPreferredSourceTerms(context, slug, SEED_USER);
    const entry = { slug, status: 'created' as const, segments: summary.segments, approved: 0, blocked: [] as SeedReport['articles'][number]['blocked'] };
    const units = await context.store.listUnits({ documentId: summary.document.id, targetLocale: 'zh-Hans' });
    for (const unit of units) {
      if (unit.status !== 'translated') continue;
      try {
        await approveUnit(context, { id: unit.id, by: SEED_USER });
        entry.approved++;
      } catch (error) {
        if (!(error instanceof ApprovalBlockedError)) throw error;
        entry.blocked.push({ unitId: unit.id, findings: error.findings.map((f) => `${f.checkId}: ${f.message}`) });
      }
    }
    report.articles.push(entry);
  }
  return report;
}
