import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Actor, NewAccount, User } from '../../workflow';
import { UsageError } from '../errors';
import { withWorkflow } from '../io';

/** The audit log's actor for the command line: `cli` and the operating-system user running it. */
function cliActor(): Actor {
  let who = '';
  try { who = userInfo().username; } catch { /* no passwd entry (a container): just `cli` */ }
  return { name: who ? `cli:${who}` : 'cli', ip: null };
}

/** DESIGN.md: exactly these two lines on stdout, nothing else (scripts read them). */
function printCredentials(account: NewAccount): void {
  process.stdout.write(`password: ${account.password}\napi token: ${account.token}\n`);
}

function describeUser(user: User): string {
  const status = user.disabled ? 'disabled' : 'enabled';
  const token = user.tokenHash === '' ? 'no token' : user.tokenExpiresAt ? `token expires ${user.tokenExpiresAt}` : 'token never expires';
  return `${user.name}\t${user.role}\t${status}\t${token}\tcreated ${user.createdAt}`;
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('workbench accounts (every change takes effect at once, in every process)');
  user.command('add')
    .description('create a user; prints a generated password and an API token once')
    .argument('<name>')
    .requiredOption('--role <role>', 'translator, reviewer, editor or admin')
    .option('--expires <duration>', 'the API token stops working after this long: 90d, 12w, 36h (default: never)')
    .action(async (name: string, options: { role: string; expires?: string }) => {
      const account = await withWorkflow((workflow) => workflow.addUser(name, options.role, {
        actor: cliActor(), ...(options.expires !== undefined ? { expires: options.expires } : {}),
      }));
      // Nothing else, on stderr either: scripts that run several at once read both streams.
      printCredentials(account);
    });

  user.command('list')
    .description('every user: name, role, enabled or disabled, token expiry, created')
    .option('--json', 'one JSON object a line')
    .action(async (options: { json?: boolean }) => {
      const users = await withWorkflow((workflow) => workflow.listUsers());
      for (const u of users) {
        process.stdout.write(options.json
          ? `${JSON.stringify({ name: u.name, role: u.role, disabled: u.disabled, hasToken: u.tokenHash !== '', tokenExpiresAt: u.tokenExpiresAt, createdAt: u.createdAt })}\n`
          : `${describeUser(u)}\n`);
      }
    });

  user.command('disable')
    .description('the user can no longer log in; their sessions and API token stop at once')
    .argument('<name>')
    .action(async (name: string) => {
      const changed = await withWorkflow((workflow) => workflow.disableUser(name, cliActor()));
      process.stdout.write(`user ${changed.name} disabled; their sessions and API token no longer work\n`);
    });

  user.command('enable')
    .description('lets a disabled user log in again (with the password they had; `reset` gives new ones)')
    .argument('<name>')
    .action(async (name: string) => {
      const changed = await withWorkflow((workflow) => workflow.enableUser(name, cliActor()));
      process.stdout.write(`user ${changed.name} enabled\n`);
    });

  user.command('role')
    .description('gives the user another role; their sessions and API token end (they log in again)')
    .argument('<name>')
    .argument('<role>', 'translator, reviewer, editor or admin')
    .action(async (name: string, role: string) => {
      const changed = await withWorkflow((workflow) => workflow.setUserRole(name, role, cliActor()));
      process.stdout.write(`user ${changed.name} is now ${changed.role}; their sessions and API token have ended (bitext user reset ${changed.name} gives a new token)\n`);
    });

  user.command('reset')
    .description('a new password and API token, printed once; the old ones and every session stop at once')
    .argument('<name>')
    .option('--expires <duration>', 'the new token stops working after this long: 90d, 12w, 36h (default: as the old one)')
    .action(async (name: string, options: { expires?: string }) => {
      const account = await withWorkflow((workflow) => workflow.resetUser(name, {
        actor: cliActor(), ...(options.expires !== undefined ? { expires: options.expires } : {}),
      }));
      printCredentials(account);
    });

  const audit = program.command('audit').description('the audit log: logins, failures, locks, account changes, overrides');
  audit.command('export')
    .description('prints the audit log as JSON lines ({at, actor, action, target, ip, detail}), oldest first')
    .option('--since <time>', 'only entries at or after this ISO 8601 time (e.g. 2026-01-31 or 2026-01-31T08:00:00Z)')
    .action(async (options: { since?: string }) => {
      if (options.since !== undefined && Number.isNaN(Date.parse(options.since))) {
        throw new UsageError(`--since: "${options.since}" is not an ISO 8601 time (e.g. 2026-01-31T08:00:00Z)`);
      }
      await withWorkflow(async (workflow) => {
        for await (const e of workflow.auditEntries(options.since)) {
          if (!process.stdout.write(`${JSON.stringify({ at: e.at, actor: e.actor, action: e.action, target: e.target, ip: e.ip, detail: e.detail })}\n`)) {
            await new Promise((resolve) => process.stdout.once('drain', resolve));
          }
        }
      });
    });
}
