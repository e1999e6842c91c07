/**
 * The architecture rules of docs/ARCHITECTURE.md ("The arrows") are enforced by eslint.config.mjs.
 * These tests prove each rule can fail: the repository's own config lints a small synthetic `src/`
 * tree in a temporary folder with one bad import each, and must report it (and stay quiet on a good one).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const CONFIG = resolve(__dirname, '../../eslint.config.mjs');
const ESLINT = resolve(__dirname, '../../node_modules/eslint/bin/eslint.js');
const DEPCRUISE = resolve(__dirname, '../../node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CRUISER_CONFIG = resolve(__dirname, '../../.dependency-cruiser.cjs');

/** The folders of the synthetic tree, each with an index.ts and an internal module. */
const FOLDERS = ['locale', 'document', 'termbase', 'checks', 'memory', 'store', 'workflow', 'server', 'cli'];

/** One file per case (lint stays one process); the test names the file whose messages it expects. */
const CASES: Record<string, string> = {
  'src/workflow/good.ts': `import { value } from '../memory';\nexport const good = value;\n`,
  'src/workflow/bypass.ts': `import { value } from '../memory/inner';\nexport const bad = value;\n`,
  'src/memory/up.ts': `import { value } from '../workflow';\nexport const bad = value;\n`,
  'src/checks/cycle.ts': `import { value } from '../memory';\nexport const bad = value;\n`,
  'src/locale/up.ts': `import type { value } from '../document';\nexport type Bad = typeof value;\n`,
  'src/store/up.ts': `import { value } from '../workflow';\nexport const bad = value;\n`,
  'src/server/store-use.ts': `import { value } from '../store';\nexport const bad = value;\n`,
  'src/workflow/shell.ts': `import { value } from '../server';\nexport const bad = value;\n`,
  'src/termbase/http.ts': `import express from 'express';\nexport const app = express();\n`,
  'src/memory/a.ts': `import { b } from './b';\nexport const a = () => b;\n`,
  'src/memory/b.ts': `import { a } from './a';\nexport const b = () => a;\n`,
  'src/workflow/floating.ts': `async function save(): Promise<void> {}\nexport function run(): void {\n  save();\n}\n`,
  'src/server/misused.ts': `export function listen(on: (handler: () => void) => void): void {\n  on(async () => {});\n}\n`,
  'src/server/not-thenable.ts': `export async function check(found: boolean): Promise<void> {\n  await Boolean(found);\n}\n`,
  'src/server/awaited.ts': `async function save(): Promise<void> {}\nexport async function run(): Promise<void> {\n  await save();\n  void save();\n}\n`,
};

/** A cycle of type imports only: invisible to import-x/no-cycle, caught by dependency-cruiser. */
const TYPE_CYCLE: Record<string, string> = {
  'src/termbase/c.ts': `import type { D } from './d';\nexport interface C { d?: D }\n`,
  'src/termbase/d.ts': `import type { C } from './c';\nexport interface D { c?: C }\n`,
};

let root: string;
let messages: Map<string, string[]>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bitext-rules-'));
  for (const folder of FOLDERS) {
    write(`src/${folder}/index.ts`, `export { value } from './inner';\n`);
    write(`src/${folder}/inner.ts`, `export const value = '${folder}';\n`);
  }
  for (const [path, text] of Object.entries({ ...CASES, ...TYPE_CYCLE })) write(path, text);
  // The repository's config with one change: type information from this tree's own tsconfig.
  write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'commonjs', esModuleInterop: true, skipLibCheck: true }, include: ['src/**/*.ts'] }));
  write('eslint.config.mjs', [
    `import config from ${JSON.stringify(CONFIG)};`,
    `export default [...config, { files: ['**/*.ts'], languageOptions: { parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: ${JSON.stringify(root)} } } }];`,
  ].join('\n'));
  // The eslint CLI in a child process: its config is an ES module, which jest's VM cannot import.
  const run = spawnSync(process.execPath, [ESLINT, '--config', join(root, 'eslint.config.mjs'), '--format', 'json', ...Object.keys(CASES)], {
    cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024,
  });
  if (!run.stdout) throw new Error(`eslint did not run: ${run.stderr}`);
  const results = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; message: string }> }>;
  messages = new Map(results.map((r) => [r.filePath.slice(root.length + 1), r.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`)]));
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function lint(path: string): string[] {
  const found = messages.get(path);
  if (!found) throw new Error(`${path} was not linted`);
  return found;
}

describe('module cycles with type imports (.dependency-cruiser.cjs, in npm run lint)', () => {
  function cruise(): { status: number | null; output: string } {
    write('tsconfig.test.json', JSON.stringify({ compilerOptions: { strict: true }, include: ['src/**/*.ts'] }));
    const run = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', CRUISER_CONFIG, '--output-type', 'err'], { cwd: root, encoding: 'utf8' });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  }

  it('reports a cycle made of type imports only, and fails', () => {
    const { status, output } = cruise();
    expect(output).toMatch(/no-circular: src\/termbase\/c\.ts → \s*src\/termbase\/d\.ts/);
    expect(status).not.toBe(0);
  });
});

describe('architecture rules in eslint.config.mjs', () => {
  it('accepts an import through a lower folder’s index.ts', () => {
    expect(lint('src/workflow/good.ts')).toEqual([]);
  });

  it('rejects an import that bypasses a folder’s index.ts', () => {
    const messages = lint('src/workflow/bypass.ts');
    expect(messages).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: Unexpected path .* imported in restricted zone\. .*Import memory\/ through its index\.ts/)]);
  });

  it('rejects an upward import from a domain folder into workflow', () => {
    const messages = lint('src/memory/up.ts');
    expect(messages).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: Unexpected path .* imported in restricted zone\. .*memory\/ may import only/)]);
  });

  it('rejects an arrow between domain folders that would allow a folder cycle (checks → memory, as memory → checks exists)', () => {
    const messages = lint('src/checks/cycle.ts');
    expect(messages).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: Unexpected path .* imported in restricted zone\. .*checks\/ may import only/)]);
  });

  it('rejects the locale folder importing anything above it', () => {
    const messages = lint('src/locale/up.ts');
    expect(messages).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: Unexpected path .* imported in restricted zone\. .*locale\/ may import only no other folder/)]);
  });

  it('rejects the store importing workflow', () => {
    const messages = lint('src/store/up.ts');
    expect(messages).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: Unexpected path .* imported in restricted zone\. The store knows domain types only/)]);
  });

  it('rejects a shell importing the store', () => {
    const messages = lint('src/server/store-use.ts');
    expect(messages).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: Unexpected path .* imported in restricted zone\. The shells never import the store/)]);
  });

  it('rejects workflow importing a shell', () => {
    const messages = lint('src/workflow/shell.ts');
    expect(messages).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: Unexpected path .* imported in restricted zone\. workflow is below the shells/)]);
  });

  it('rejects a domain folder importing express', () => {
    const messages = lint('src/termbase/http.ts');
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: 'express' import is restricted/)]);
  });

  it('rejects a module cycle inside a folder', () => {
    const messages = lint('src/memory/a.ts');
    expect(messages).toEqual([expect.stringMatching(/^import-x\/no-cycle: Dependency cycle detected/)]);
  });

  it('rejects a promise nobody awaits (type-aware)', () => {
    expect(lint('src/workflow/floating.ts')).toEqual([expect.stringMatching(/^@typescript-eslint\/no-floating-promises: Promises must be awaited/)]);
  });

  it('rejects an async function where a void callback is expected (type-aware)', () => {
    expect(lint('src/server/misused.ts')).toEqual([expect.stringMatching(/^@typescript-eslint\/no-misused-promises: Promise returned in function argument where a void return was expected/)]);
  });

  it('rejects await on a value that is not a promise (type-aware)', () => {
    expect(lint('src/server/not-thenable.ts')).toEqual([expect.stringMatching(/^@typescript-eslint\/await-thenable: Unexpected `await` of a non-Promise/)]);
  });

  it('accepts a promise that is awaited or explicitly voided', () => {
    expect(lint('src/server/awaited.ts')).toEqual([]);
  });
});
