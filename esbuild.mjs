// Bundles the extension (and the in-host test suite) into CommonJS files for VS Code.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// In CommonJS output esbuild wraps every `import * as vscode from 'vscode'` in a copy of the
// whole API object (getters for its ~200 names), 46 times: about 10 ms of activation. Resolving
// `vscode` to one module that re-exports it makes a single copy every file shares.
const oneVscodeNamespace = {
  name: 'one-vscode-namespace',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'one-vscode' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'one-vscode' });
    build.onLoad({ filter: /.*/, namespace: 'one-vscode' }, () => ({ contents: "export * from 'vscode';" }));
  },
};

// Each bundle is strict from its first line (the banner). With `alwaysStrict` (tsconfig.json's
// `strict`) esbuild also wrote "use strict" into each module it wraps for lazy loading: about
// 400 bytes of activation code that changed nothing.
const tsconfig = JSON.parse(fs.readFileSync('tsconfig.json', 'utf8'));
const common = {
  bundle: true,
  tsconfigRaw: { compilerOptions: { ...tsconfig.compilerOptions, alwaysStrict: false } },
  banner: { js: '"use strict";' },
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  // Test hooks (src/testHooks.d.ts) stay out of the packaged extension.
  define: { HIVER_TEST_HOOKS: production ? 'false' : 'true' },
  // ofetch's Node entry bundles node-fetch-native (114 KB), a polyfill Node 20 and VS Code's
  // extension host never need: its own fetch is there. The platform-neutral entry uses it.
  alias: { ofetch: './node_modules/ofetch/dist/index.mjs' },
};

// Activation loads dist/extension.js. What only a panel, a triage command or a search picker
// runs (src/features.ts) is bundled apart into dist/features.js, which src/lazyFeatures.ts
// requires the first time one of them runs: activation parses less (issue 9's 150 KB), and a
// CommonJS require costs a fraction of what ES module chunks did (docs/benchmarks.md). A module
// both bundles use must exist once (its state; its classes, for instanceof), so features.js is a
// function of the extension's copies of those modules, which dist/extension.js passes in.
const MAIN = 'src/extension.ts';
const FEATURES = 'src/features.ts';

/** The source files a build bundles (virtual modules, named `namespace:path`, left out). */
async function inputsOf(options) {
  const { metafile } = await esbuild.build({ ...options, write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
  return Object.keys(metafile.inputs).filter((input) => !input.includes(':'));
}

/** The modules the features code imports that activation has loaded already. */
async function sharedModules() {
  const main = new Set(await inputsOf({ ...common, entryPoints: [MAIN], plugins: [oneVscodeNamespace, featuresApart(() => [])] }));
  const features = await inputsOf({ ...common, entryPoints: [FEATURES], plugins: [oneVscodeNamespace] });
  return features.filter((input) => main.has(input));
}

/**
 * The extension bundle: `require('./features')` in lazyFeatures.ts loads dist/features.js and
 * hands it `modules`, every shared module by its path (`modules()` gives the list).
 */
function featuresApart(modules) {
  return {
    name: 'features-apart',
    setup(build) {
      let shared = [];
      build.onStart(async () => {
        shared = await modules();
      });
      build.onResolve({ filter: /^\.\/features$/ }, (args) =>
        args.importer.endsWith(path.join('src', 'lazyFeatures.ts')) ? { path: 'features', namespace: 'features-apart' } : undefined);
      build.onResolve({ filter: /^(\.\/features\.js|shared)$/, namespace: 'features-apart' }, (args) =>
        args.path === 'shared' ? { path: args.path, namespace: 'features-apart' } : { path: args.path, external: true });
      build.onLoad({ filter: /^features$/, namespace: 'features-apart' }, () => ({
        contents: "module.exports = require('./features.js')(require('shared').modules);",
      }));
      build.onLoad({ filter: /^shared$/, namespace: 'features-apart' }, () => ({
        contents: [
          ...shared.map((file, i) => `import * as m${i} from ${JSON.stringify(`./${file}`)};`),
          `export const modules = { ${shared.map((file, i) => `${JSON.stringify(file)}: m${i}`).join(', ')} };`,
        ].join('\n'),
        resolveDir: process.cwd(),
      }));
    },
  };
}

/**
 * The features bundle: an import of a shared module (`modules()` gives the list) reads the
 * extension's copy (`extensionModules`).
 */
function fromExtension(modules) {
  return {
    name: 'from-extension',
    setup(build) {
      let shared = new Set();
      build.onStart(async () => {
        shared = new Set(await modules());
      });
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'from-extension' || args.kind === 'entry-point' || args.namespace !== 'file') return undefined;
        const found = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'from-extension' });
        if (found.errors.length > 0 || found.external) return undefined;
        const file = path.relative(process.cwd(), found.path).split(path.sep).join('/');
        return shared.has(file) ? { path: file, namespace: 'from-extension' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'from-extension' }, (args) => ({ contents: `module.exports = extensionModules[${JSON.stringify(args.path)}];` }));
    },
  };
}

// Both bundles ask for the list at the start of a build: one build lists once; watch mode lists
// again on each rebuild (an import may have changed).
let listed;
const sharedForBuild = watch ? sharedModules : () => (listed ??= sharedModules());

const builds = [
  { ...common, entryPoints: [MAIN], outfile: 'dist/extension.js', plugins: [oneVscodeNamespace, featuresApart(sharedForBuild)] },
  {
    ...common,
    entryPoints: [FEATURES],
    outfile: 'dist/features.js',
    plugins: [oneVscodeNamespace, fromExtension(sharedForBuild)],
    banner: { js: '"use strict";\n// Loaded by dist/extension.js, which passes the modules both bundles use (esbuild.mjs).\nmodule.exports = function loadFeatures(extensionModules) {\nconst module = { exports: {} };' },
    footer: { js: 'return module.exports;\n};' },
  },
];
// The virtual module `suite-test-files` lists every test/suite/**/*.test.ts, each loaded lazily
// (through require) so test/suite/index.ts can let mocha define describe/it first.
const suiteTestFiles = {
  name: 'suite-test-files',
  setup(build) {
    build.onResolve({ filter: /^suite-test-files$/ }, () => ({ path: 'suite-test-files', namespace: 'suite-test-files' }));
    build.onLoad({ filter: /.*/, namespace: 'suite-test-files' }, () => {
      const dir = path.resolve('test/suite');
      const files = fs.readdirSync(dir, { recursive: true })
        .map((file) => file.split(path.sep).join('/'))
        .filter((file) => file.endsWith('.test.ts'))
        .sort();
      const entries = files.map((file) => `{ file: ${JSON.stringify(file)}, load: () => require(${JSON.stringify(`./${file}`)}) }`);
      return { contents: `export default [\n${entries.join(',\n')}\n];`, resolveDir: dir, watchDirs: [dir] };
    });
  },
};

if (!production && fs.existsSync('test/suite/index.ts')) {
  // The extension-host suite: mocha and the tests run inside VS Code, so mocha is bundled too.
  builds.push({
    ...common,
    entryPoints: ['test/suite/index.ts'],
    outfile: 'out/test/suite/index.js',
    external: ['vscode'],
    plugins: [suiteTestFiles],
    // mocha's parallel mode (unused here) resolves worker files at run time.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
}

if (!production && fs.existsSync('test/bench/host/index.ts')) {
  // The in-VS Code part of `npm run bench` (test/bench/run.ts), loaded instead of the suite.
  builds.push({ ...common, entryPoints: ['test/bench/host/index.ts'], outfile: 'out/test/bench/host/index.js' });
}

// The detail panels' webview scripts: each media/panels/*.ts (helpers live in subfolders) is
// bundled for the browser into dist/webview/, which the .vsix ships (node_modules it does not).
const webviewScripts = fs.existsSync('media/panels')
  ? fs.readdirSync('media/panels').filter((file) => file.endsWith('.ts')).map((file) => `media/panels/${file}`)
  : [];
if (webviewScripts.length > 0) {
  builds.push({ ...common, platform: 'browser', format: 'iife', target: 'es2022', external: [], entryPoints: webviewScripts, outdir: 'dist/webview' });
}

if (watch) {
  // The lines the "watch" task in .vscode/tasks.json waits for before F5 launches.
  const announce = {
    name: 'announce',
    setup(build) {
      build.onStart(() => console.log('[watch] build started'));
      build.onEnd((result) => console.log(`[watch] build finished with ${result.errors.length} error(s)`));
    },
  };
  for (const b of builds) await (await esbuild.context({ ...b, plugins: [...(b.plugins ?? []), announce] })).watch();
} else {
  const [main, features] = await Promise.all(builds.map((b) => esbuild.build({ ...b, metafile: true })));
  // A module in both files would exist twice: two states, and instanceof failing across them.
  const twice = Object.keys(features.metafile.inputs).filter((input) => !input.includes(':') && input in main.metafile.inputs);
  if (twice.length > 0) throw new Error(`bundled into both ${builds[0].outfile} and ${builds[1].outfile}: ${twice.join(', ')}`);
}
