/**
 * `npm run build` is tsc only, which copies no static files: this puts the workbench's browser
 * scripts and stylesheet (src/server/**\/assets/) beside the compiled code in dist/.
 */
const { cpSync, existsSync, readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

function assetDirs(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) continue;
    if (name === 'assets') found.push(path);
    else found.push(...assetDirs(path));
  }
  return found;
}

let copied = 0;
for (const dir of assetDirs(join(src, 'server'))) {
  const target = join(dist, relative(src, dir));
  cpSync(dir, target, { recursive: true });
  copied += readdirSync(dir).length;
}
if (!existsSync(dist)) process.exitCode = 1;
process.stdout.write(`copy-assets: ${copied} file(s) copied into dist/\n`);
