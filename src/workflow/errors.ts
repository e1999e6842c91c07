import type { Finding } from '../checks/types';

/** A request the workflow refuses: bad input named by field (maps to HTTP 400 / CLI exit 2). */
export class WorkflowInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'WorkflowInputError';
  }
}

/** Approval refused because of error findings that are not overridden (HTTP 409). */
export class ApprovalBlockedError extends Error {
  constructor(readonly unitId: number, readonly findings: Finding[]) {
    super(`unit ${unitId} cannot be approved: ${findings.map((f) => `${f.checkId}: ${f.message}`).join('; ')}`);
    this.name = 'ApprovalBlockedError';
  }
}
