#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { describeError } from './errors';
import { registerDocumentCommands } from './commands/documents';
import { registerMemoryCommands } from './commands/memory';
import { registerGlossaryCommands } from './commands/glossary';
import { registerCheckCommands } from './commands/check';
import { registerServeCommands } from './commands/serve';
import { registerUserCommands } from './commands/users';
import { registerTranslationCommands } from './commands/translation';
import { registerArchiveCommands } from './commands/archive';

export function buildProgram(): Command {
  const program = new Command('bitext')
    .description('Bilingual English ⇄ Chinese content localization')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ outputError: (text, write) => write(text) });
  registerServeCommands(program);
  registerDocumentCommands(program);
  registerMemoryCommands(program);
  registerGlossaryCommands(program);
  registerCheckCommands(program);
  registerTranslationCommands(program);
  registerUserCommands(program);
  registerArchiveCommands(program);
  // Every subcommand exits through commander's override, so bad usage is exit 2 everywhere.
  for (const command of program.commands) applyOverrides(command);
  return program;
}

function applyOverrides(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) applyOverrides(sub);
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; everything else commander refuses is bad usage.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    const { code, message } = describeError(error);
    if (message) process.stderr.write(`bitext: ${message}\n`);
    if (process.env.BITEXT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return code;
  }
}

export { Option };

if (require.main === module) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  }, (error: unknown) => {
    process.stderr.write(`bitext: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
