/**
 * Releases: what readers see. A release of an article in a locale is made in the same
 * transaction as the write that completes it (the last approval of a translation; a clean
 * source for the source locale), and only when what readers would see changed. Nothing else
 * ever takes a release offline; an editor may withdraw one explicitly, with a reason.
 */
import { LOCALES, type Locale } from '../locale';
import { buildReleaseContent, linkedSlugs, type Release, type ReleaseUnit } from '../release';
import type { Finding } from '../checks';
import { NotFoundError, type Repository } from '../store';
import type { ArticleDocument } from '../document';
import type { WorkflowContext } from './context';
import { checkSource } from './checking';
import { queueReleaseEvent } from './webhooks';
import { ReleaseBlockedError, WorkflowInputError } from './errors';

/** Why a locale of an article cannot be released now (null: it can). */
export type NotReady = { reason: string; findings?: Finding[] };

interface Ready {
  units: ReleaseUnit[];
  approvers: string[];
}

/** The working state of a locale as a release would hold it, or why it is not complete. */
async function readiness(context: WorkflowContext, tx: Repository, document: ArticleDocument, locale: Locale, by: string): Promise<Ready | NotReady> {
  const segments = await tx.listSegments(document.id);
  if (segments.length === 0) return { reason: 'the article has no segments' };
  if (locale === document.sourceLocale) {
    const termbase = await context.termbaseSnapshot();
    const findings = segments.flatMap((s) => checkSource(s.text, locale, termbase).filter((f) => f.severity === 'error'));
    if (findings.length > 0) return { reason: `${findings.length} ${findings.length === 1 ? 'error finding' : 'error findings'} in the source`, findings };
    return {
      units: segments.map((s) => ({ position: s.position, paragraph: s.paragraph, source: s.text, target: null, unitId: null })),
      approvers: [by],
    };
  }
  const units = await tx.listUnits({ documentId: document.id, targetLocale: locale });
  const byPosition = new Map(units.map((u) => [u.position, u]));
  // A derived zh-Hant text follows its zh-Hans source: released only while that is approved too.
  const simplified = locale === 'zh-Hant'
    ? new Map((await tx.listUnits({ documentId: document.id, targetLocale: 'zh-Hans' })).map((u) => [u.position, u]))
    : null;
  const released: ReleaseUnit[] = [];
  let missing = 0;
  for (const segment of segments) {
    const unit = byPosition.get(segment.position);
    const source = simplified?.get(segment.position);
    const waiting = unit?.origin === 'converted' && source !== undefined && source.status !== 'approved';
    if (!unit || unit.status !== 'approved' || waiting || unit.sourceText !== segment.text || unit.targetText.trim() === '') {
      missing++;
      continue;
    }
    released.push({ position: segment.position, paragraph: segment.paragraph, source: segment.text, target: unit.targetText, unitId: unit.id });
  }
  if (missing > 0) return { reason: `${missing} of ${segments.length} ${segments.length === 1 ? 'segment' : 'segments'} not approved` };
  return { units: released, approvers: units.map((u) => u.updatedBy) };
}

function isReady(value: Ready | NotReady): value is Ready {
  return 'units' in value;
}

/**
 * Makes a release of the locale when its working state is complete and differs from what its
 * latest release shows; answers the new release, or null. Call it inside the transaction of
 * the write that may complete the locale: it locks the article first, so of two processes
 * approving the last two units at once the second sees the first's approval, and the
 * (article, locale, version) key refuses a duplicate whatever happens.
 * `again`: release even an unchanged text when the latest release was withdrawn (an editor's publish).
 */
export async function releaseIfComplete(
  context: WorkflowContext, tx: Repository, documentId: number, locale: Locale, by: string, options: { again?: boolean } = {},
): Promise<Release | null> {
  await tx.lockDocument(documentId);
  const document = await tx.getDocument(documentId);
  if (!document) throw new NotFoundError('document', documentId);
  const ready = await readiness(context, tx, document, locale, by);
  if (!isReady(ready)) return null;
  const termbase = await context.termbaseSnapshot();
  const paragraphs = await tx.listParagraphs(document.id);
  // Links to other articles stay in this locale where those have a release here.
  const releasedHere = new Set<string>([document.slug]);
  for (const slug of linkedSlugs({ locale, sourceLocale: document.sourceLocale, slug: document.slug, paragraphs })) {
    const other = await tx.getDocumentBySlug(slug);
    if (other && (await tx.currentReleases({ documentId: other.id, locale })).length > 0) releasedHere.add(slug);
  }
  const content = buildReleaseContent({
    locale,
    sourceLocale: document.sourceLocale,
    slug: document.slug,
    releasedHere,
    paragraphs,
    units: ready.units,
    approvers: ready.approvers,
    termbaseVersion: termbase.version,
    converter: locale === 'zh-Hant' ? { library: 'opencc-js', variant: context.traditionalVariant } : null,
  });
  const latest = await tx.latestRelease(document.id, locale);
  if (latest && latest.contentDigest === content.contentDigest && !(options.again && latest.withdrawal)) return null;
  const release = await tx.insertRelease({
    ...content, documentId: document.id, locale, version: (latest?.version ?? 0) + 1, documentVersion: document.version, approvedBy: by,
  });
  // Queued with the release itself: a crash between the two cannot lose the event.
  if (release) await queueReleaseEvent(context, tx, release, 'release');
  return release;
}

/** Every locale of the article that the write may have completed (cheap when none did). */
export async function releaseCompleted(context: WorkflowContext, tx: Repository, documentId: number, by: string, locales: readonly Locale[] = LOCALES): Promise<Release[]> {
  const made: Release[] = [];
  for (const locale of locales) {
    const release = await releaseIfComplete(context, tx, documentId, locale, by);
    if (release) made.push(release);
  }
  return made;
}

/**
 * An editor's publish: releases the working state of the locale now. Refused with the source's
 * error findings (ApprovalBlockedError, 409) or when a translation is not fully approved (400).
 * Answers the release made, or the current one when nothing changed.
 */
export async function publish(context: WorkflowContext, input: { slug: string; locale: Locale; by: string }): Promise<{ release: Release; created: boolean }> {
  const result = await context.store.transaction(async (tx) => {
    const document = await tx.getDocumentBySlug(input.slug);
    if (!document) throw new NotFoundError('article', input.slug);
    await tx.lockDocument(document.id);
    const ready = await readiness(context, tx, document, input.locale, input.by);
    if (!isReady(ready)) {
      if (ready.findings) throw new ReleaseBlockedError(input.slug, input.locale, ready.findings);
      throw new WorkflowInputError('locale', `${input.slug} cannot be released in ${input.locale}: ${ready.reason}`);
    }
    const made = await releaseIfComplete(context, tx, document.id, input.locale, input.by, { again: true });
    if (made) return { release: made, created: true };
    const latest = await tx.latestRelease(document.id, input.locale);
    if (!latest) throw new Error(`no release of ${input.slug} in ${input.locale} after publishing`);
    return { release: latest, created: false };
  });
  if (result.created) {
    context.articleChanged(input.slug);
    context.released([result.release]);
  }
  return result;
}

/** Takes the current release of the locale offline, recorded with who, when and why. */
export async function withdraw(context: WorkflowContext, input: { slug: string; locale: Locale; by: string; reason: string }): Promise<Release> {
  const reason = input.reason.trim();
  if (reason === '') throw new WorkflowInputError('reason', 'a withdrawal needs a reason');
  if (reason.length > 2000) throw new WorkflowInputError('reason', 'must be at most 2,000 characters');
  const release = await context.store.transaction(async (tx) => {
    const document = await tx.getDocumentBySlug(input.slug);
    if (!document) throw new NotFoundError('article', input.slug);
    await tx.lockDocument(document.id);
    const current = (await tx.currentReleases({ documentId: document.id, locale: input.locale }))[0];
    if (!current) throw new NotFoundError('release', `${input.slug} (${input.locale})`);
    const withdrawn = await tx.withdrawRelease(current.id, { by: input.by, reason, at: new Date().toISOString() });
    await queueReleaseEvent(context, tx, withdrawn, 'withdrawal');
    return withdrawn;
  });
  context.articleChanged(input.slug);
  context.released([release]);
  return release;
}

/** Every release of an article, newest first (the editor's history). */
export async function articleReleases(context: WorkflowContext, slug: string, locale?: Locale): Promise<Release[]> {
  const document = await context.store.getDocumentBySlug(slug);
  if (!document) throw new NotFoundError('article', slug);
  return context.store.listReleases(document.id, locale);
}
