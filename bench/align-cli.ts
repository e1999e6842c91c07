/**
 * One-file alignment as a user runs it: `bitext align --sentences SRC TGT --source-locale zh
 * --target-locale en`, one process per chapter, process start included. 24 chapters: the six of
 * ../shared/corpora/mac-dev, four times each (the held-out literary set has 24 chapters of the
 * same kind). Prints total sentences / wall time, and the same count of bare `node -e 0` starts
 * measured in the same run as the baseline (the floor no CLI can go under), and the processes'
 * CPU time, which a machine shared with other work does not inflate as it does wall time.
 *
 *   npm run build && npm run bench -- align-cli [--chapters 24]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = join(__dirname, '..');
const MAC = join(process.env.BITEXT_CORPORA ?? join(ROOT, '..', 'shared', 'corpora'), 'mac-dev');

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
}

/** CPU seconds of waited-for child processes (Linux /proc: cutime + cstime), or NaN elsewhere. */
function childCpu(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

function lines(file: string): number {
  const text = readFileSync(file, 'utf8');
  return text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '').length;
}

export default async function (args: string[]): Promise<void> {
  const cli = join(ROOT, 'dist', 'cli', 'main.js');
  if (!existsSync(join(MAC, 'src'))) {
    console.log(`bench align-cli: ${MAC} is needed (not found); skipped`);
    return;
  }
  if (!existsSync(cli)) {
    console.log('bench align-cli: run `npm run build` first (dist/cli/main.js not found)');
    return;
  }
  const chapters = arg(args, 'chapters', 24);
  const ids = ['001', '002', '003', '004', '005', '006'];
  // Warm the OS file cache and the dictionary's derived cache once, outside the timing.
  execFileSync(process.execPath, [cli, 'align', '--sentences', join(MAC, 'src', '001'), join(MAC, 'tgt', '001'), '--source-locale', 'zh', '--target-locale', 'en']);

  let sentences = 0;
  const cpu0 = childCpu();
  const t0 = performance.now();
  for (let k = 0; k < chapters; k++) {
    const id = ids[k % ids.length];
    const src = join(MAC, 'src', id);
    const tgt = join(MAC, 'tgt', id);
    execFileSync(process.execPath, [cli, 'align', '--sentences', src, tgt, '--source-locale', 'zh', '--target-locale', 'en'], { maxBuffer: 64 << 20 });
    sentences += lines(src) + lines(tgt);
  }
  const ms = performance.now() - t0;
  const cpu = childCpu() - cpu0;

  const b0 = performance.now();
  for (let k = 0; k < chapters; k++) execFileSync(process.execPath, ['-e', '0']);
  const bare = performance.now() - b0;

  console.log(
    `${chapters} chapters, one process each: ${sentences.toLocaleString('en')} sentences in ${ms.toFixed(0)} ms = ` +
      `${Math.round((sentences / ms) * 1000).toLocaleString('en')} sentences/s (${(ms / chapters).toFixed(0)} ms a chapter)\n` +
      `  CPU of the ${chapters} processes: ${cpu.toFixed(2)} s = ${Math.round(sentences / cpu).toLocaleString('en')} sentences per CPU second ` +
      `(what wall time approaches on an idle machine)\n` +
      `  bare node start: ${(bare / chapters).toFixed(0)} ms a process; aligner run / bare start: ${(ms / bare).toFixed(2)}×`,
  );
}
