/** How units, concepts and history look in JSON (DESIGN.md: a contract with API clients). */
import type { LanguageTag, Locale } from '../../locale';
import type { Finding, Override } from '../../checks';
import { sourceChange, type DiffOp, type TranslationUnit, type UnitHistoryEntry, type UnitOrigin, type UnitStatus, type BeadProvenance } from '../../memory';
import type { Concept, DataCategory, LanguageFields, TermStatus, TermType } from '../../termbase';
import type { Release, User, Workflow } from '../../workflow';
import { codeElements, type CodeElement } from '../../document';

export interface ApiFinding {
  checkId: string;
  severity: 'error' | 'warning';
  message: string;
  span: { side: 'source' | 'target'; start: number; end: number } | null;
  /** The error is overridden (with a reason) and no longer blocks approval. */
  overridden: boolean;
}

export interface ApiUnit {
  id: number;
  version: number;
  articleSlug: string | null;
  position: number | null;
  paragraph: number | null;
  /** `previous` (the source the target was made for) and `change` (what changed, word by word) when outdated. */
  source: { locale: Locale; text: string; previous?: string; change?: DiffOp[] };
  target: { locale: Locale; text: string; status: UnitStatus; origin: UnitOrigin; outdated: boolean };
  /** Who typed the target (null when it came from alignment, the memory, MT or conversion): the four-eyes rule reads it. */
  targetAuthor: string | null;
  findings: ApiFinding[];
  /** An error finding that is not overridden: approval is refused. */
  blocked: boolean;
  bead: BeadProvenance | null;
  matchScore: number | null;
  overrides: Override[];
  /**
   * The elements the inline codes of source and target stand for (bold, a link and its href …),
   * from the allowlist only: the workbench preview renders the segment with them.
   */
  codes: CodeElement[];
  updatedBy: string;
  updatedAt: string;
}

export function findingJson(finding: Finding, overrides: Override[] = []): ApiFinding {
  return {
    checkId: finding.checkId,
    severity: finding.severity,
    message: finding.message,
    span: finding.span ? { side: finding.span.side, start: finding.span.start, end: finding.span.end } : null,
    overridden: finding.severity === 'error' && overrides.some((o) => o.checkId === finding.checkId),
  };
}

export function unitJson(unit: TranslationUnit, articleSlug: string | null): ApiUnit {
  const findings = unit.findings.map((f) => findingJson(f, unit.overrides));
  return {
    id: unit.id,
    version: unit.version,
    articleSlug,
    position: unit.position,
    paragraph: unit.paragraph,
    source: {
      locale: unit.sourceLocale, text: unit.sourceText,
      ...(unit.outdatedSource !== null ? { previous: unit.outdatedSource, change: sourceChange(unit.outdatedSource, unit.sourceText) } : {}),
    },
    target: { locale: unit.targetLocale, text: unit.targetText, status: unit.status, origin: unit.origin, outdated: unit.outdatedSource !== null },
    targetAuthor: unit.origin === 'human' ? unit.targetAuthor : null,
    findings,
    blocked: findings.some((f) => f.severity === 'error' && !f.overridden),
    bead: unit.bead,
    matchScore: unit.matchScore,
    overrides: unit.overrides,
    codes: codeElements(unit.inlineCodes),
    updatedBy: unit.updatedBy,
    updatedAt: unit.updatedAt,
  };
}

export interface ApiTerm {
  locale: LanguageTag;
  text: string;
  status: TermStatus;
  caseSensitive: boolean;
  partOfSpeech: string | null;
  termType: TermType | null;
  note: string | null;
  fields?: DataCategory[];
}

export interface ApiConcept {
  id: string;
  version: number;
  note: string | null;
  subject: string | null;
  terms: ApiTerm[];
  fields?: DataCategory[];
  languages?: LanguageFields[];
  updatedBy: string;
  updatedAt: string;
}

export function conceptJson(concept: Concept): ApiConcept {
  return {
    id: concept.id,
    version: concept.version,
    note: concept.note,
    subject: concept.subject,
    terms: concept.terms.map((t) => ({
      locale: t.locale, text: t.text, status: t.status, caseSensitive: t.caseSensitive, partOfSpeech: t.partOfSpeech,
      termType: t.termType ?? null, note: t.note, ...(t.fields?.length ? { fields: t.fields } : {}),
    })),
    ...(concept.fields?.length ? { fields: concept.fields } : {}),
    ...(concept.languages?.length ? { languages: concept.languages } : {}),
    updatedBy: concept.updatedBy,
    updatedAt: concept.updatedAt,
  };
}

export function historyJson(entry: UnitHistoryEntry) {
  return {
    version: entry.version,
    action: entry.action,
    by: entry.by,
    at: entry.at,
    reason: entry.reason,
    source: entry.sourceText,
    target: entry.targetText,
    status: entry.status,
    origin: entry.origin,
  };
}

export function userJson(user: User) {
  return {
    id: user.id, name: user.name, role: user.role, createdAt: user.createdAt, disabled: user.disabled,
    tokenIssuedAt: user.tokenIssuedAt, tokenExpiresAt: user.tokenExpiresAt,
  };
}

/**
 * Article slugs by document id, read once per request: units carry a document id, clients want
 * the slug. Workflow has no "document by id", and the article list is short.
 */
export async function slugLookup(workflow: Workflow): Promise<(documentId: number | null) => string | null> {
  const slugs = new Map((await workflow.listArticles()).map((a) => [a.id, a.slug]));
  return (documentId) => (documentId === null ? null : slugs.get(documentId) ?? null);
}

/** A release in JSON for editors: what it holds and where it came from (units and blocks left out). */
export function releaseJson(release: Release) {
  return {
    slug: release.slug,
    locale: release.locale,
    version: release.version,
    title: release.title,
    publishedAt: release.publishedAt,
    approvedBy: release.approvedBy,
    approvers: release.approvers,
    documentVersion: release.documentVersion,
    termbaseVersion: release.termbaseVersion,
    converter: release.converter,
    segments: release.units.length,
    withdrawal: release.withdrawal,
  };
}
