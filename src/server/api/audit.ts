import express, { type Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import type { AuditEntry } from '../../workflow';
import type { ApiContext } from './context';
import * as schemas from './schemas';
import { parseInput } from './validation';

/** An audit entry in JSON (DESIGN.md: `{at, actor, action, target, ip}`, plus what changed). */
export function auditJson(entry: AuditEntry) {
  return { at: entry.at, actor: entry.actor, action: entry.action, target: entry.target, ip: entry.ip, detail: entry.detail };
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, a tab or carriage return first, also
 * after leading spaces) gets a leading apostrophe. The actor of a failed login is whatever name
 * was typed, so these cells are attacker-controlled.
 */
export function neutraliseCell(cell: string | null): string {
  if (cell === null) return '';
  return /^[\t\r ]*[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = [['at', 'actor', 'action', 'target', 'ip', 'detail']];
  for (const e of entries) rows.push([e.at, e.actor, e.action, e.target, e.ip, e.detail].map(neutraliseCell));
  return stringify(rows);
}

/** `/api/audit` (admin): the audit log since a time, as JSON or CSV. */
export function auditRoutes({ workflow, administer }: ApiContext): Router {
  const router = express.Router();

  router.get('/audit', administer, async (req, res) => {
    const query = parseInput(schemas.auditQuery, req.query, 'query');
    const entries = await workflow.auditLog({ ...(query.since ? { since: query.since } : {}), limit: query.limit ?? 10_000 });
    if (query.format === 'csv') {
      res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="audit.csv"');
      res.send(auditCsv(entries));
      return;
    }
    res.json(entries.map(auditJson));
  });

  return router;
}
