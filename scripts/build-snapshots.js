/**
 * Part of `npm run build`: precomputes the heavy data a command would otherwise derive at start —
 * the aligner's CC-CEDICT dictionary (dist/data/cedict.bin), the pinyin readings of Han characters
 * for its name evidence (dist/data/readings.json, from pinyin-pro) and the script checks' character sets
 * from OpenCC's tables (dist/data/script-sets.json), the spelling check's expanded English dictionary
 * (dist/data/spelling-en.txt, from dictionary-en through nspell) — so a fresh process loads them in
 * milliseconds. Each loader checks the snapshot's version and source stamp and derives the data
 * itself when the snapshot is missing or not for the installed package.
 */
const { performance } = require('node:perf_hooks');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist');
const started = performance.now();
const bytes = require(join(dist, 'alignment', 'dictionary.js')).writeDictionarySnapshot();
require(join(dist, 'checks', 'script-sets.js')).writeScriptSetsSnapshot();
const forms = require(join(dist, 'checks', 'english.js')).writeSpellingSnapshot();
const readings = require(join(dist, 'alignment', 'chinese.js')).writeReadingsSnapshot();
process.stdout.write(`build-snapshots: dist/data/cedict.bin (${(bytes / 1e6).toFixed(1)} MB), dist/data/readings.json (${readings.toLocaleString('en')} characters), dist/data/script-sets.json, dist/data/spelling-en.txt (${forms.toLocaleString('en')} word forms) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
