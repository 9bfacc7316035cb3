// Bundles the extension (and the in-host test suite) into CommonJS files for VS Code.
import * as esbuild from 'esbuild';
import fs from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
];
if (!production && fs.existsSync('test/suite/index.ts')) {
  // The extension-host suite: mocha and the tests run inside VS Code, so mocha is bundled too.
  builds.push({ ...common, entryPoints: ['test/suite/index.ts'], outfile: 'out/test/suite/index.js', external: ['vscode'] });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
