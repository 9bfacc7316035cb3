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

const common = {
  bundle: true,
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

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', plugins: [oneVscodeNamespace] },
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
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
