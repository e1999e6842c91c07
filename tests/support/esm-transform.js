/**
 * Jest runs CommonJS; parse5 and its entities are ESM-only packages, which Node 20 itself loads
 * through require(esm) but jest's module system does not. esbuild turns their files into CommonJS.
 */
const { transformSync } = require('esbuild');

module.exports = {
  process(source, path) {
    const { code, map } = transformSync(source, { loader: 'js', format: 'cjs', target: 'node20', sourcemap: true, sourcefile: path });
    return { code, map };
  },
};
