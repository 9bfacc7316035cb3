// Whether this build carries the hooks the tests use to look inside panels (a webview's drawn
// document, the messages a panel posted). esbuild.mjs defines it as false for the packaged
// extension, so the code each `if (HIVER_TEST_HOOKS)` guards is dropped from that bundle
// (test/vscode/vsixSmoke.ts checks); development and test bundles have the hooks.
declare const HIVER_TEST_HOOKS: boolean;
