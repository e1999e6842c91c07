import type { Command } from 'commander';
import { withWorkflow } from '../io';

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('workbench accounts');
  user.command('add')
    .description('create a user; prints a generated password and an API token once')
    .argument('<name>')
    .requiredOption('--role <role>', 'translator, reviewer, editor or admin')
    .action(async (name: string, options: { role: string }) => {
      const account = await withWorkflow((workflow) => workflow.addUser(name, options.role));
      process.stdout.write(`user ${account.user.name} (${account.user.role}) created\n`
        + `password: ${account.password}\napi token: ${account.token}\n`
        + 'These are shown once and stored only as hashes: keep them now.\n');
    });
}
