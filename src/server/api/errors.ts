import type { ErrorRequestHandler, Response } from 'express';
import {
  AlreadyExistsError, ApprovalBlockedError, ForbiddenError, LastAdminError, NotFoundError, ReleaseBlockedError, StoreUnavailableError,
  TermbaseChangedError, VersionConflictError,
  WorkflowInputError, type Workflow,
} from '../../workflow';
import { ConceptValidationError } from '../../termbase';
import { FormatError } from '../../formats';
import { SegmentationInputError } from '../../segmentation';
import { HttpError } from '../http';
import { conceptJson, findingJson, slugLookup, unitJson } from './json';

function send(res: Response, status: number, body: Record<string, unknown>): void {
  res.status(status).setHeader('Cache-Control', 'no-store');
  res.json(body);
}

/**
 * Maps the workflow's errors to HTTP answers with bodies a client can act on (the current unit
 * on a conflict, the findings on a refused approval). Anything else goes on to the app's error
 * handler, which logs it and answers 500 without a stack trace.
 */
export function apiErrorHandler(workflow: Workflow): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const handle = async (): Promise<boolean> => {
      if (error instanceof HttpError) {
        send(res, error.status, { error: error.message, ...error.details });
      } else if (error instanceof VersionConflictError) {
        const body: Record<string, unknown> = { error: error.message, currentVersion: error.actual };
        // Show the current state so the client can present both texts and let the person choose.
        if (error.entity === 'translation unit' || error.entity === 'unit') {
          const current = await workflow.findUnit(Number(error.id));
          if (current) body.current = unitJson(current, (await slugLookup(workflow))(current.documentId));
        } else if (error.entity === 'concept') {
          const current = await workflow.findConcept(String(error.id));
          if (current) body.current = conceptJson(current);
        }
        send(res, 409, body);
      } else if (error instanceof TermbaseChangedError) {
        // The preview the person decided on is stale: the client previews again (`state` is the new one).
        send(res, 409, { error: error.message, field: 'If-Match', state: error.actual });
      } else if (error instanceof ApprovalBlockedError) {
        send(res, 409, { error: error.message, unitId: error.unitId, findings: error.findings.map((f) => findingJson(f)) });
      } else if (error instanceof ReleaseBlockedError) {
        send(res, 409, { error: error.message, findings: error.findings.map((f) => findingJson(f)) });
      } else if (error instanceof ForbiddenError) {
        send(res, 403, { error: error.message });
      } else if (error instanceof NotFoundError) {
        send(res, 404, { error: error.message });
      } else if (error instanceof WorkflowInputError) {
        send(res, 400, { error: error.message, field: error.field, ...(error.file !== undefined ? { file: error.file } : {}) });
      } else if (error instanceof ConceptValidationError) {
        // The field, as every other 400 names it: the path before the first issue's colon.
        const field = /^([^:\s]+):/.exec(error.issues[0] ?? '')?.[1];
        send(res, 400, { error: error.message, ...(field ? { field } : {}), issues: error.issues });
      } else if (error instanceof SegmentationInputError) {
        // A document that is not one (not HTML, no body text, too large): the message names the file.
        send(res, 400, { error: error.message, field: error.field ?? 'file', file: error.file, ...(error.line !== null ? { line: error.line } : {}) });
      } else if (error instanceof FormatError) {
        // A file that is not what it says: the file and line are named for the client to show.
        send(res, 400, { error: error.message, field: 'file', file: error.file, ...(error.line !== undefined ? { line: error.line } : {}) });
      } else if (error instanceof LastAdminError) {
        send(res, 409, { error: error.message });
      } else if (error instanceof AlreadyExistsError) {
        send(res, 409, { error: error.message });
      } else if (error instanceof StoreUnavailableError) {
        (req as { log?: { error: (o: object, m: string) => void } }).log?.error({ err: error }, 'store unavailable');
        res.setHeader('Retry-After', '5');
        send(res, 503, { error: 'the store is unavailable; try again shortly' });
      } else {
        return false;
      }
      return true;
    };
    handle().then((handled) => { if (!handled) next(error); }, () => next(error));
  };
}
