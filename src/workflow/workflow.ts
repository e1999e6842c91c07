import type { LanguageTag, Locale } from '../locale';
import type { Concept, NewConcept } from '../termbase';
import type { TranslationUnit, UnitStatus, UnitOrigin } from '../memory';
import type { ImportedUnit } from '../formats';
import { NotFoundError, type AuditQuery, type Store } from '../store';
import { WorkflowContext } from './context';
import * as documents from './documents';
import * as review from './review';
import * as qa from './qa';
import * as termbase from './termbase';
import * as upload from './article-upload';
import * as memory from './memory';
import * as accounts from './accounts';
import { articleProgress, createSiteContent, type LocaleProgress } from './publication';
import { seed, type SeedReport } from './seed';
import { checkUnitInSlices } from './checking';
import { converterFor } from './conversion';
import { pretranslate, type PretranslateOptions, type PretranslateSummary } from './pretranslate';
import * as repair from './repair';
import * as releases from './releases';
import { approveUnits, type BulkApprovalInput, type BulkApprovalResult } from './bulk-approval';
import { inQueue, queueCounts, type Queue, type QueueCounts, type QueueViewer } from './queues';
import * as collaboration from './collaboration';
import * as bulk from './bulk-actions';
import type { AssignmentRole } from '../collaboration';
import type { SiteContent } from './publication-types';
import type { ArticleDocument } from '../document';
import * as webhooks from './webhooks';
import type { AuditEntry, Role, User } from '../accounts';

export interface UnitQuery {
  locale: Locale;
  status?: UnitStatus;
  origin?: UnitOrigin;
  /** Only units with a finding of this check. */
  checkId?: string;
  /** Case-insensitive text in source or target. */
  text?: string;
  /** Only the units of this work queue (`mine` needs `viewer`). */
  queue?: Queue;
  viewer?: QueueViewer;
}

/**
 * The use cases the shells (CLI, server) call. Each method is one user action; domain modules
 * do the thinking, the store keeps the result.
 */
export class Workflow {
  // The store and the caches over it stay inside: the shells ask for use cases, never for rows.
  private readonly context: WorkflowContext;
  readonly site: SiteContent;

  constructor(private readonly store: Store, options: { traditionalVariant?: 'hk' | 'tw' | 'twp'; selfReview?: boolean } = {}) {
    this.context = new WorkflowContext(store, options.traditionalVariant ?? 'hk', options.selfReview ?? review.selfReviewFromEnv());
    this.site = createSiteContent(this.context);
  }

  // documents
  importDocument(input: documents.ImportDocumentInput) { return documents.importDocument(this.context, input); }
  alignArticle(input: documents.AlignInput) { return documents.alignArticle(this.context, input); }
  alignmentTermPairs() { return documents.alignmentTermPairs(this.context); }
  /** An article from the workbench's upload form: what it would change, then the upload itself. */
  previewArticleUpload(input: Omit<upload.ArticleUpload, 'by'>) { return upload.previewArticleUpload(this.context, input); }
  uploadArticle(input: upload.ArticleUpload) { return upload.uploadArticle(this.context, input); }
  listArticles(): Promise<ArticleDocument[]> { return this.store.listDocuments(); }

  async requireArticle(slug: string): Promise<ArticleDocument> {
    const document = await this.store.getDocumentBySlug(slug);
    if (!document) throw new NotFoundError('article', slug);
    return document;
  }

  async articleProgress(slug: string): Promise<LocaleProgress[]> {
    return articleProgress(this.context, await this.requireArticle(slug));
  }

  /** Releases the working version of a locale now (an editor's publish; English: a clean source). */
  publish(input: { slug: string; locale: Locale; by: string }) { return releases.publish(this.context, input); }
  /** Takes a locale's release offline, recorded with a reason. */
  withdraw(input: { slug: string; locale: Locale; by: string; reason: string }) { return releases.withdraw(this.context, input); }
  /** Every release of an article (in a locale), newest first. */
  articleReleases(slug: string, locale?: Locale) { return releases.articleReleases(this.context, slug, locale); }

  // webhooks (release events for a CMS)
  deliverWebhooks(options: webhooks.DeliveryOptions) { return webhooks.deliverDueWebhooks(this.context, options); }
  webhookDeliveries(limit?: number) { return webhooks.webhookDeliveries(this.context, limit); }
  /** Where release events are queued for (BITEXT_WEBHOOK_URL), or null. */
  get webhookTarget(): string | null { return this.context.webhookTarget; }
  /**
   * Delivers queued events in the background until the answer is called: every `intervalMs`, and
   * at once after a release in this process. A receiver that is down or slow delays only this loop.
   */
  startWebhookDelivery(options: webhooks.DeliveryOptions & { intervalMs?: number; onError?: (error: unknown) => void }): () => void {
    let running = false;
    let again = false;
    let stopped = false;
    const run = (): void => {
      if (stopped) return;
      if (running) { again = true; return; }
      running = true;
      webhooks.deliverDueWebhooks(this.context, options)
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => { running = false; if (again) { again = false; run(); } });
    };
    const timer = setInterval(run, options.intervalMs ?? 2000);
    timer.unref();
    // A release or withdrawal committed here queued its event: send it now. Other processes'
    // events are found by the timer (the claim makes each delivery go out once whoever finds it).
    const onRelease = (): void => run();
    this.context.events.on('released', onRelease);
    run();
    return () => { stopped = true; clearInterval(timer); this.context.events.off('released', onRelease); };
  }

  /** An article's paragraphs (its blocks), in order. */
  articleParagraphs(article: ArticleDocument) { return this.store.listParagraphs(article.id); }

  async articleUnits(slug: string, query: UnitQuery): Promise<TranslationUnit[]> {
    const document = await this.requireArticle(slug);
    const text = query.text?.toLowerCase();
    const viewer = query.queue === 'mine' && query.viewer ? await this.queueViewer(document, query.locale, query.viewer.name) : query.viewer;
    return (await this.store.listUnits({
      documentId: document.id,
      targetLocale: query.locale,
      ...(query.status ? { status: query.status } : {}),
      ...(query.origin ? { origin: query.origin } : {}),
    })).filter((u) => (!query.checkId || u.findings.some((f) => f.checkId === query.checkId))
      && (!text || u.sourceText.toLowerCase().includes(text) || u.targetText.toLowerCase().includes(text))
      && (!query.queue || inQueue(u, query.queue, viewer ?? { name: '' })));
  }

  /** How many units of the article's locale each work queue holds, for this person. */
  async articleQueueCounts(slug: string, locale: Locale, viewer: Pick<QueueViewer, 'name'>): Promise<QueueCounts> {
    const document = await this.requireArticle(slug);
    return queueCounts(await this.articleUnits(slug, { locale }), await this.queueViewer(document, locale, viewer.name));
  }

  private async queueViewer(document: ArticleDocument, locale: Locale, name: string): Promise<QueueViewer> {
    return { name, mine: await collaboration.mineOf(this.context, document, locale, name) };
  }

  // comments and assignments
  /** A comment on a unit; `@name` mentions a user (the unit is then in their "mine" until resolved). */
  addComment(input: collaboration.NewComment) { return collaboration.addComment(this.context, input); }
  unitComments(unitId: number) { return collaboration.unitComments(this.context, unitId); }
  /** Every comment on the units of an article's locale, oldest first (the review page's threads). */
  async articleComments(slug: string, locale: Locale) {
    return this.store.listDocumentComments((await this.requireArticle(slug)).id, locale);
  }
  /** One comment (NotFoundError if there is none). */
  async unitCommentById(id: number) {
    const comment = await this.store.getComment(id);
    if (!comment) throw new NotFoundError('comment', id);
    return comment;
  }
  setCommentResolved(id: number, resolved: boolean, by: string) { return collaboration.setCommentResolved(this.context, id, resolved, by); }
  /** The comment, if this person may edit (its author) or delete it (its author or an admin): else 404 / 403. */
  commentForWrite(id: number, who: { name: string; role: Role }, action: 'edit' | 'delete') { return collaboration.commentForWrite(this.context, id, who, action); }
  editComment(id: number, input: { text: string; by: { name: string; role: Role }; expectedVersion: number }) { return collaboration.editComment(this.context, id, input); }
  deleteComment(id: number, input: { by: { name: string; role: Role }; expectedVersion: number }) { return collaboration.deleteComment(this.context, id, input); }
  async assign(slug: string, input: { locale: Locale | null; role: AssignmentRole; assignee: string | null; by: string }) {
    return collaboration.assign(this.context, { article: await this.requireArticle(slug), ...input });
  }
  /** Who translates and reviews an article (or, without a slug, every assignment). */
  async assignments(slug?: string) {
    return this.store.listAssignments(slug === undefined ? undefined : (await this.requireArticle(slug)).id);
  }
  openMentions(name: string) { return collaboration.openMentionsOf(this.context, name); }

  async unit(id: number): Promise<TranslationUnit> {
    const unit = await this.store.getUnit(id);
    if (!unit) throw new NotFoundError('unit', id);
    return unit;
  }

  /** The unit, or null when there is none (where absence is an answer, not an error). */
  findUnit(id: number): Promise<TranslationUnit | null> { return this.store.getUnit(id); }

  unitHistory(id: number) { return this.store.unitHistory(id); }

  // review
  editTarget(input: review.EditTargetInput) { return review.editTarget(this.context, input); }
  approveUnit(input: review.ApproveInput) { return review.approveUnit(this.context, input); }
  /** Refuses (403) an approval the review rules forbid: the shells ask before looking at headers and body. */
  assertMayApprove(id: number, approver: review.Approver) { return review.assertMayApprove(this.context, id, approver); }
  /** The QA report (DESIGN.md): open findings, overrides, released units in error; per article and locale, or the whole site. */
  qaReport(query?: qa.QaQuery) { return qa.qaReport(this.context, query); }
  /** The findings on an article's English source, once per segment (the editor's list). */
  sourceFindings(slug: string) { return qa.sourceFindings(this.context, slug); }
  /** Whether reviewers may approve their own targets here (shown in the workbench). */
  get selfReview(): boolean { return this.context.selfReview; }
  editSource(input: review.EditSourceInput) { return review.editSource(this.context, input); }

  /** Marks the chosen units of an article's locale translated, in one transaction (see bulk-actions.ts). */
  async markTranslated(slug: string, input: { locale: Locale; units: readonly bulk.SeenUnit[]; by: string }) {
    return bulk.markTranslated(this.context, await this.articleUnits(slug, { locale: input.locale }), input.units, input.by);
  }

  /** Re-runs the checks on the chosen units of an article's locale (default: all of them), in one transaction. */
  async recheckArticle(slug: string, input: { locale: Locale; ids?: readonly number[]; by: string }) {
    const units = await this.articleUnits(slug, { locale: input.locale });
    return bulk.recheckSelection(this.context, units, input.ids ?? units.map((u) => u.id), input.by);
  }

  /** Approves an article's units in one locale, each on its own (see bulk-approval.ts). */
  async approveArticle(slug: string, input: BulkApprovalInput & { locale: Locale }): Promise<BulkApprovalResult> {
    const units = await this.articleUnits(slug, { locale: input.locale });
    return approveUnits(this.context, units, input);
  }

  // termbase
  listConcepts() { return this.store.listConcepts(); }
  async concept(id: string) {
    const concept = await this.findConcept(id);
    if (!concept) throw new NotFoundError('concept', id);
    return concept;
  }
  findConcept(id: string): Promise<Concept | null> { return this.store.getConcept(id); }

  /**
   * Concepts matching `query` (case-insensitive): the id exactly, or part of the note or of a
   * term; every concept without a query. At most `limit` (default 1000).
   */
  async searchConcepts(query?: string, limit = 1000): Promise<Concept[]> {
    const needle = query?.trim().toLowerCase();
    const concepts = (await this.store.listConcepts()).filter((c) => !needle
      || c.id.toLowerCase() === needle
      || (c.note ?? '').toLowerCase().includes(needle)
      || c.terms.some((t) => t.text.toLowerCase().includes(needle)));
    return concepts.slice(0, limit);
  }
  saveConcept(input: unknown, options: { id?: string; expectedVersion: number | null; by: string }) {
    return termbase.saveConcept(this.context, input, options);
  }
  deleteConcept(id: string, expectedVersion: number | null, by: string) { return termbase.deleteConcept(this.context, id, expectedVersion, by); }
  importConcepts(concepts: AsyncIterable<NewConcept> | Iterable<NewConcept>, by: string, options?: termbase.GlossaryImportOptions) {
    return termbase.importConcepts(this.context, concepts, by, options);
  }
  planConceptImport(concepts: AsyncIterable<NewConcept> | Iterable<NewConcept>) { return termbase.planConceptImport(this.context, concepts); }
  applyPreferredSourceTerms(slug: string, by: string) { return termbase.applyPreferredSourceTerms(this.context, slug, by); }
  async checkText(input: { sourceText: string; targetText: string; sourceLocale: Locale; targetLocale: Locale }) {
    return checkUnitInSlices({ ...input, status: 'translated' }, await this.context.termbaseSnapshot());
  }

  /** zh-Hans → zh-Hant with the termbase's terms protected (the `convert` command). */
  async convertToTraditional(simplified: string, variant: 'hk' | 'tw' | 'twp' = this.context.traditionalVariant) {
    return converterFor(await this.context.termbaseSnapshot(), variant).convert(simplified);
  }

  // translation
  pretranslate(options: PretranslateOptions): Promise<PretranslateSummary> { return pretranslate(this.context, options); }

  // memory
  lookup(query: string, options?: memory.LookupOptions) { return memory.lookup(this.context, query, options); }
  concordance(phrase: string, options?: { locale?: Locale; limit?: number }) { return memory.concordance(this.context, phrase, options); }
  importMemory(units: AsyncIterable<ImportedUnit>, options: { by: string; onProgress?: (n: number) => void }) {
    return memory.importMemory(this.context, units, options);
  }
  exportMemory(filter?: { targetLocale?: LanguageTag; bySource?: boolean }) { return memory.exportableUnits(this.context, filter); }
  /** Builds the fuzzy-match index now rather than on the first lookup (for timing lookups alone). */
  async prepareMemoryIndex(): Promise<void> { await this.context.memoryIndex(); }
  /** How the memory index was opened (loaded from the saved file or built, and why), once it is. */
  memoryIndexStatus() { return this.context.memoryStatus; }
  /** Saves the memory index beside the store now (it is also saved in the background after a build). */
  saveMemoryIndex() { return this.context.saveMemoryIndex(); }

  // accounts
  addUser(name: string, role: string, options?: { expires?: string; actor?: accounts.Actor }) { return accounts.addUser(this.store, name, role, options); }
  listUsers(): Promise<User[]> { return this.store.listUsers(); }
  /** Disabling, a new role and a reset end the user's sessions (and token) at once, in every process. */
  disableUser(name: string, actor?: accounts.Actor) { return accounts.disableUser(this.store, name, actor); }
  enableUser(name: string, actor?: accounts.Actor) { return accounts.enableUser(this.store, name, actor); }
  setUserRole(name: string, role: string, actor?: accounts.Actor) { return accounts.setRole(this.store, name, role, actor); }
  resetUser(name: string, options?: { expires?: string; actor?: accounts.Actor }) { return accounts.resetUser(this.store, name, options); }
  changePassword(user: User, input: Parameters<typeof accounts.changePassword>[2]) { return accounts.changePassword(this.store, user, input); }
  rotateToken(user: User, input?: { expires?: string; ip?: string | null }) { return accounts.rotateToken(this.store, user, input); }
  /** A login under the limits (failures counted in the store, shared by every process). */
  logIn(input: { name: string; password: string; ip: string; limits?: accounts.LoginLimits }) { return accounts.logIn(this.store, input); }
  authenticatePassword(name: string, password: string): Promise<User | null> { return accounts.authenticatePassword(this.store, name, password); }
  authenticateToken(token: string): Promise<User | null> { return accounts.authenticateToken(this.store, token); }
  startSession(user: User) { return accounts.startSession(this.store, user); }
  resumeSession(sessionId: string) { return accounts.resumeSession(this.store, sessionId); }
  endSession(sessionId: string, actor?: accounts.Actor) { return accounts.endSession(this.store, sessionId, actor); }
  /** Removes the sessions that have expired by now; resolves to how many. */
  endExpiredSessions(): Promise<number> { return this.store.deleteExpiredSessions(new Date().toISOString()); }
  /** The audit log, oldest first (admins read and export it). */
  auditLog(query?: AuditQuery): Promise<AuditEntry[]> { return accounts.listAudit(this.store, query); }
  /** Every audit entry since `since`, page by page (for exports of any size). */
  async *auditEntries(since?: string): AsyncIterable<AuditEntry> {
    let afterId: number | undefined;
    let first = true;
    for (;;) {
      const page = first
        ? await accounts.listAudit(this.store, { ...(since !== undefined ? { since } : {}), limit: 1000 })
        : await this.store.listAudit({ ...(since !== undefined ? { since } : {}), afterId: afterId!, limit: 1000 });
      first = false;
      yield* page;
      if (page.length < 1000) return;
      afterId = page[page.length - 1]!.id;
    }
  }

  seed(root: string): Promise<SeedReport> { return seed(this.context, root); }

  /** Resolves once changes made by other processes sharing the store reach this one's caches. */
  ready(): Promise<void> { return this.context.ready; }

  async close(): Promise<void> {
    await this.context.close();
    await this.store.close();
  }

  // alignment repair
  mergeWithNext(input: repair.RepairTarget): Promise<repair.RepairResult> { return repair.mergeWithNext(this.context, input); }
  splitSegment(input: repair.SplitInput): Promise<repair.RepairResult> { return repair.splitSegment(this.context, input); }
  moveSentence(input: repair.MoveInput): Promise<repair.RepairResult> { return repair.moveSentence(this.context, input); }
}
