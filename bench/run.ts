/**
 * `npm run bench [-- NAME ...]`: runs the named benchmarks (bench/NAME.ts, each with a default
 * export `async (args: string[]) => void`), or all of them. Each prints its own ratio against a
 * baseline measured in the same run.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const available = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
    .map((f) => f.replace(/\.ts$/, ''));
  const names = name ? [name] : available;
  for (const n of names) {
    if (!available.includes(n)) {
      console.error(`bench: no benchmark named "${n}" (have: ${available.join(', ')})`);
      process.exit(2);
    }
    console.log(`\n== bench ${n}`);
    const mod = (await import(join(__dirname, `${n}.ts`))) as { default: (args: string[]) => Promise<void> };
    await mod.default(name ? rest : []);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
