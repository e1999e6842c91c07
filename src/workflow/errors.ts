import type { Finding } from '../checks';

/** A request the workflow refuses: bad input named by field (maps to HTTP 400 / CLI exit 2). */
export class WorkflowInputError extends Error {
  /**
   * `problem`: what is wrong, without the field (the message is `field: problem`); `file`: the
   * file it concerns, when it is one the request sent (an upload says which of its fields held it).
   */
  constructor(readonly field: string, readonly problem: string, readonly file?: string) {
    super(`${field}: ${problem}`);
    this.name = 'WorkflowInputError';
  }
}

/** The person may not do this (HTTP 403): the wrong role, or the four-eyes rule. */
export class ForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** Approval refused because of error findings that are not overridden (HTTP 409). */
export class ApprovalBlockedError extends Error {
  constructor(readonly unitId: number, readonly findings: Finding[]) {
    super(`unit ${unitId} cannot be approved: ${findings.map((f) => `${f.checkId}: ${f.message}`).join('; ')}`);
    this.name = 'ApprovalBlockedError';
  }
}

/** A locale cannot be released: its source has error findings (HTTP 409 with them). */
export class ReleaseBlockedError extends Error {
  constructor(readonly slug: string, readonly locale: string, readonly findings: Finding[]) {
    super(`${slug} cannot be released in ${locale}: ${findings.map((f) => `${f.checkId}: ${f.message}`).join('; ')}`);
    this.name = 'ReleaseBlockedError';
  }
}

// C0 controls other than tab, line feed and carriage return are never text (PostgreSQL's text
// type cannot even hold NUL): refuse them where text enters, on every store alike.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/** Refuses text with control characters, naming the field. */
export function assertText(field: string, text: string): string {
  const match = CONTROL.exec(text);
  if (match) {
    const code = match[0].charCodeAt(0).toString(16).padStart(4, '0');
    throw new WorkflowInputError(field, `contains the control character U+${code.toUpperCase()} at offset ${match.index}: not text`);
  }
  return text;
}
