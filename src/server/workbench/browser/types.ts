/**
 * The JSON the workbench reads from `/api` (src/server/api/json.ts is the server's side of this
 * contract; the browser bundle keeps its own copy so it never pulls Node code in).
 */

export type UnitStatus = 'new' | 'draft' | 'translated' | 'approved';
export type Severity = 'error' | 'warning';

export interface Finding {
  checkId: string;
  severity: Severity;
  message: string;
  span: { side: 'source' | 'target'; start: number; end: number } | null;
  overridden?: boolean;
}

export interface Bead {
  type: string;
  score: number;
  lowConfidence: boolean;
}

export interface Unit {
  id: number;
  version: number;
  articleSlug: string | null;
  position: number | null;
  paragraph: number | null;
  /** `previous` and `change` when the target is outdated (the source changed since it was made). */
  source: { locale: string; text: string; previous?: string; change?: Array<{ op: 'equal' | 'insert' | 'delete'; text: string }> };
  target: { locale: string; text: string; status: UnitStatus; origin: string; outdated?: boolean };
  findings: Finding[];
  blocked: boolean;
  bead: Bead | null;
  matchScore: number | null;
  /** The elements the inline codes stand for (bold, a link …): the preview renders them. */
  codes?: Array<{ id: string; tag: string; paired: boolean; attributes: Record<string, string> }>;
  updatedBy: string;
  updatedAt: string;
}

export interface LocaleProgress {
  locale: string;
  counts: Record<UnitStatus, number>;
  errorFindings: number;
  published: boolean;
  release: { version: number; publishedAt: string } | null;
  workingVersion: number;
  toApprove: number;
  reason?: string | null;
}

export interface DiffOp { op: 'equal' | 'insert' | 'delete'; text: string }

export interface Match {
  /** The memory unit: sent back as `fromMatch` when its target is inserted (the server sets the provenance). */
  unitId: number;
  score: number;
  target: string;
  diff?: DiffOp[];
  penalty?: { points: number; reasons: string[] } | null;
}

export interface HistoryEntry {
  at: string;
  by: string;
  action: string;
  status: UnitStatus;
  origin: string;
  target: string;
  reason: string | null;
}

export interface BulkApproval {
  approved: number[];
  blocked: Array<{ id: number; findings: Finding[] }>;
  untranslated: number[];
  stale?: number[];
}

export type TermStatus = 'preferred' | 'admitted' | 'forbidden';

export interface Term {
  locale: string;
  text: string;
  status: TermStatus;
  caseSensitive: boolean;
  partOfSpeech?: string | null;
  note?: string | null;
  termType?: string | null;
  fields?: unknown[];
}

export interface Concept {
  id: string;
  version: number;
  note: string | null;
  subject?: string | null;
  terms: Term[];
  fields?: unknown[];
  languages?: unknown[];
  updatedBy?: string;
  updatedAt?: string;
}

export interface Recheck {
  rechecked: number;
  changed: number;
  nowInError: number[];
  affected?: Array<{ id: number; articleSlug: string | null; locale: string; position: number | null; source: string; target: string }>;
}
