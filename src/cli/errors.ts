import type * as Formats from '../formats';
import type * as Segmentation from '../segmentation';
import type * as WorkflowModule from '../workflow';
import type * as Termbase from '../termbase';

/** A usage problem the CLI itself found (exit 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command ran and found problems (check findings, a refused import): exit 1, message already printed. */
export class ProblemsFound extends Error {
  constructor(message = '') {
    super(message);
    this.name = 'ProblemsFound';
  }
}

/** Maps an error to the exit code DESIGN.md promises and a one-line message for stderr. */
export function describeError(error: unknown): { code: 1 | 2; message: string } {
  if (error instanceof UsageError) return { code: 2, message: error.message };
  if (error instanceof ProblemsFound) return { code: 1, message: error.message };
  if (isNodeError(error) && (error.code === 'ENOENT' || error.code === 'EISDIR' || error.code === 'EACCES')) {
    return { code: 2, message: `${error.path ?? 'file'}: ${error.code === 'ENOENT' ? 'no such file' : error.code === 'EISDIR' ? 'is a directory' : 'permission denied'}` };
  }
  // Loaded only now, on the way out: a command that did not need these modules has none of their errors.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const {
    WorkflowInputError, ApprovalBlockedError, NotFoundError, StoreUnavailableError, VersionConflictError,
  } = require('../workflow') as typeof WorkflowModule;
  const { ConceptValidationError } = require('../termbase') as typeof Termbase;
  const { FormatError } = require('../formats') as typeof Formats;
  const { SegmentationInputError } = require('../segmentation') as typeof Segmentation;
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (error instanceof WorkflowInputError) return { code: 2, message: error.message };
  if (error instanceof ConceptValidationError) return { code: 1, message: `invalid concept: ${error.message}` };
  if (error instanceof FormatError || error instanceof SegmentationInputError) return { code: 1, message: error.message };
  if (error instanceof StoreUnavailableError) return { code: 1, message: `store unavailable: ${error.message}` };
  if (error instanceof NotFoundError || error instanceof VersionConflictError || error instanceof ApprovalBlockedError) {
    return { code: 1, message: error.message };
  }
  return { code: 1, message: error instanceof Error ? error.message : String(error) };
}

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
