import express, { type Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import type { QaReport } from '../../workflow';
import type { ApiContext } from './context';
import * as schemas from './schemas';
import { parseInput } from './validation';

/** The QA report's rows as one CSV: a `section` column says which list each row is from. */
export function qaCsv(report: QaReport): string {
  const rows: unknown[][] = [['section', 'unitId', 'checkId', 'severity', 'message', 'reason', 'by', 'at']];
  for (const f of report.findings) rows.push(['finding', f.unitId, f.checkId, f.severity, f.message, '', '', '']);
  for (const o of report.overrides) rows.push(['override', o.unitId, o.checkId, '', '', o.reason, o.by, o.at]);
  for (const r of report.releasedWithFindings) rows.push(['releasedWithFindings', r.unitId, r.checkId, '', '', '', '', '']);
  // A cell a spreadsheet would run as a formula (=, +, -, @ first) is quoted with a leading apostrophe.
  return stringify(rows.map((row) => row.map((cell) => (typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell))));
}

/** `/api/qa`: the QA report per article and locale, or for the whole site; `?format=csv` for a spreadsheet. */
export function qaRoutes({ workflow, anyUser }: ApiContext): Router {
  const router = express.Router();

  router.get('/qa', anyUser, async (req, res) => {
    const query = parseInput(schemas.qaQuery, req.query, 'query');
    const report = await workflow.qaReport({ ...(query.slug ? { slug: query.slug } : {}), ...(query.locale ? { locale: query.locale } : {}) });
    const body: QaReport = { findings: report.findings, overrides: report.overrides, releasedWithFindings: report.releasedWithFindings };
    if (query.format === 'csv') {
      const name = `qa-${query.slug ?? 'site'}${query.locale ? `-${query.locale}` : ''}.csv`;
      res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="${name}"`);
      res.send(qaCsv(body));
      return;
    }
    res.json(body);
  });

  return router;
}
