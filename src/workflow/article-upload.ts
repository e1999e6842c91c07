import { isChinese, type Locale } from '../locale';
import { describeNote, segmentDocument, SegmentationInputError } from '../segmentation';
import type { DocumentFormat } from '../document';
import type { WorkflowContext } from './context';
import { alignArticle, assertLanguage, formatFromFileName, importDocument, slugFromFileName, validateSlug, type AlignSummary, type ImportSummary } from './documents';
import { assertText, WorkflowInputError } from './errors';

/** A file as the browser read it. */
export interface UploadedFile {
  fileName: string;
  text: string;
}

export interface ArticleUpload {
  /** Default: from the English file's name. */
  slug?: string;
  english: UploadedFile;
  /** The article's existing translation, aligned with the English. */
  chinese?: UploadedFile & { locale: Locale };
  by: string;
}

/** One source segment in the comparison of a re-upload with the stored article. */
export interface SegmentChange {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface UploadPreview {
  slug: string;
  exists: boolean;
  format: DocumentFormat;
  paragraphs: number;
  segments: number;
  /** Against the stored source, in order (empty for a new article). */
  changes: SegmentChange[];
  added: number;
  removed: number;
  unchanged: number;
  /** A translation comes with the upload: every target of that locale is replaced by the alignment. */
  realigns: boolean;
  /** What the import would remove, unwrap or repair in the English file (HTML), one line each. */
  notes: string[];
  /**
   * The releases readers see now, per locale: a re-upload never takes them offline, but the editor
   * is told which published pages the change will need approving again.
   */
  releases: Array<{ locale: Locale; version: number; publishedAt: string }>;
}

export type UploadResult = (ImportSummary | AlignSummary) & { targetLocale: Locale };

function prepare(upload: Omit<ArticleUpload, 'by'>): { slug: string; format: DocumentFormat } {
  const slug = validateSlug(upload.slug?.trim() || slugFromFileName(upload.english.fileName));
  if (upload.chinese && !isChinese(upload.chinese.locale)) {
    throw new WorkflowInputError('chinese.locale', 'must be zh-Hans or zh-Hant');
  }
  return { slug, format: formatFromFileName(upload.english.fileName) };
}

/**
 * The segments of a re-upload against the stored ones: common ends trimmed, the middle compared
 * by longest common subsequence when it is small enough, else shown as removed then added (a
 * bounded cost for any input).
 */
export function compareSegments(before: string[], after: string[]): SegmentChange[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) { endBefore--; endAfter--; }
  const head = before.slice(0, start).map((text) => ({ op: 'equal' as const, text }));
  const tail = before.slice(endBefore).map((text) => ({ op: 'equal' as const, text }));
  const a = before.slice(start, endBefore);
  const b = after.slice(start, endAfter);
  const middle: SegmentChange[] = [];
  if (a.length * b.length > 4_000_000) {
    middle.push(...a.map((text) => ({ op: 'delete' as const, text })), ...b.map((text) => ({ op: 'insert' as const, text })));
  } else {
    // lcs[i][j]: length of the common subsequence of a[i..] and b[j..].
    const width = b.length + 1;
    const lcs = new Uint32Array((a.length + 1) * width);
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { middle.push({ op: 'equal', text: a[i]! }); i++; j++; }
      else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) middle.push({ op: 'delete', text: a[i++]! });
      else middle.push({ op: 'insert', text: b[j++]! });
    }
    while (i < a.length) middle.push({ op: 'delete', text: a[i++]! });
    while (j < b.length) middle.push({ op: 'insert', text: b[j++]! });
  }
  return [...head, ...middle, ...tail];
}

/** What uploading would do, written nowhere: the editor sees it before a re-upload is applied. */
export async function previewArticleUpload(context: WorkflowContext, upload: Omit<ArticleUpload, 'by'>): Promise<UploadPreview> {
  const { slug, format } = prepare(upload);
  let segmented: ReturnType<typeof segmentDocument>;
  try {
    segmented = segmentDocument(assertText('english.text', upload.english.text), format, 'en', upload.english.fileName);
  } catch (error) {
    throw inField(error, upload);
  }
  const { paragraphs, sentences, notes } = segmented;
  if (sentences.every((list) => list.length === 0)) throw new WorkflowInputError('english', `${upload.english.fileName}: the document is empty`);
  try {
    assertLanguage(sentences, 'en', upload.english.fileName);
  } catch (error) {
    throw inField(error, upload);
  }
  const incoming = sentences.flat();
  const document = await context.store.getDocumentBySlug(slug);
  const stored = document ? (await context.store.listSegments(document.id)).map((s) => s.text) : [];
  const changes = document ? compareSegments(stored, incoming) : [];
  const releases = document ? await context.store.currentReleases({ documentId: document.id }) : [];
  const count = (op: SegmentChange['op']) => changes.filter((c) => c.op === op).length;
  return {
    slug,
    exists: document !== null,
    format,
    paragraphs: paragraphs.length,
    segments: incoming.length,
    changes,
    added: document ? count('insert') : incoming.length,
    removed: count('delete'),
    unchanged: count('equal'),
    realigns: upload.chinese !== undefined,
    notes: notes.map((note) => describeNote(upload.english.fileName, note)),
    releases: releases.map((r) => ({ locale: r.locale, version: r.version, publishedAt: r.publishedAt })),
  };
}

/**
 * A refusal of one of the upload's files, said of the request's field that held it (`english`,
 * `chinese`, their `.text`), as the API names fields; the message still names the file.
 */
function inField(error: unknown, upload: Omit<ArticleUpload, 'by'>): unknown {
  const field = (file: string): string | null => {
    const english = file === upload.english.fileName;
    const chinese = upload.chinese !== undefined && file === upload.chinese.fileName;
    return english === chinese ? null : english ? 'english' : 'chinese';
  };
  if (error instanceof SegmentationInputError) {
    const which = field(error.file);
    if (which) error.field = which;
    return error;
  }
  if (error instanceof WorkflowInputError) {
    if (error.field === 'sourceText' || error.field === 'targetText') return new WorkflowInputError(`${error.field === 'sourceText' ? 'english' : 'chinese'}.text`, error.problem);
    const which = error.file !== undefined ? field(error.file) : null;
    if (which) return new WorkflowInputError(which, error.problem, error.file);
  }
  return error;
}

/**
 * Uploads an article: the English alone is imported (a re-upload keeps the units of unchanged
 * segments); with its Chinese version, both are segmented and aligned.
 */
export async function uploadArticle(context: WorkflowContext, upload: ArticleUpload): Promise<UploadResult> {
  const { slug } = prepare(upload);
  try {
    if (!upload.chinese) {
      const summary = await importDocument(context, { text: assertText('english.text', upload.english.text), fileName: upload.english.fileName, locale: 'en', slug, by: upload.by });
      return { ...summary, targetLocale: 'zh-Hans' };
    }
    const summary = await alignArticle(context, {
      sourceText: upload.english.text, sourceFile: upload.english.fileName,
      targetText: upload.chinese.text, targetFile: upload.chinese.fileName,
      sourceLocale: 'en', targetLocale: upload.chinese.locale, slug, by: upload.by,
    });
    return { ...summary, targetLocale: upload.chinese.locale };
  } catch (error) {
    throw inField(error, upload);
  }
}
