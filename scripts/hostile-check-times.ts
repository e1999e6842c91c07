import { CHECKS, createCheckContext } from '../src/checks';
import { TERMBASE } from '../tests/checks/helpers';
const L = 20_000;
const fill = (u: string, n = L) => u.repeat(Math.ceil(n / u.length)).slice(0, n);
const H: Record<string, string> = { 'at signs': fill('@'), 'at-dot': fill('a@b.'), "letter-apostrophe": fill("a'"), spaces: fill(' ', L - 1) + 'x', urls: fill('http://'), 'digits with commas': fill('1,'), 'digit groups': fill('1,000,'), 'words and spaces': fill('a '), 'tabs and spaces': fill('a\t \t'), 'mixed scripts': fill('中a。b ') };
const ctx = createCheckContext(TERMBASE);
const worst: Record<string, [number, string]> = {};
for (const [name, text] of Object.entries(H)) {
  for (const check of CHECKS) {
    const t0 = performance.now();
    check.run({ sourceLocale: 'en', sourceText: text, targetLocale: 'zh-Hans', targetText: text }, ctx);
    const ms = performance.now() - t0;
    if (!worst[check.id] || worst[check.id]![0] < ms) worst[check.id] = [ms, name];
  }
}
for (const [id, [ms, name]] of Object.entries(worst).sort((a, b) => b[1][0] - a[1][0])) console.log(`${id.padEnd(24)} ${ms.toFixed(1).padStart(7)} ms  (worst: ${name})`);
