// Import boundaries (`npm run lint` runs this): the arrows point one way, and no cycles.
//   src/hiver   the API layer: plain Node, imports nothing else of ours and never `vscode`
//   src/common  helpers every layer may use: imports only hiver
//   src/model   the loaded data and its loading state: imports hiver and common, never `vscode`
//   features    tree, panels, conversations, search, commands, auth, status: anything below
//   media       the webviews' scripts: may share src modules that never reach `vscode`
// ARCHITECTURE.md draws the same picture.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'A cycle makes two files one; split or invert it.', from: {}, to: { circular: true } },
    {
      name: 'hiver-is-the-bottom',
      severity: 'error',
      comment: 'src/hiver is plain Node, tested without VS Code: it imports nothing of ours outside itself.',
      from: { path: '^src/hiver/' },
      to: { path: '^src/', pathNot: '^src/hiver/' },
    },
    {
      name: 'hiver-without-vscode',
      severity: 'error',
      from: { path: '^src/hiver/' },
      to: { path: '^node_modules/@types/vscode/', reachable: true },
    },
    {
      name: 'common-below-model-and-features',
      severity: 'error',
      comment: 'src/common is used by everything; it may use only the API layer.',
      from: { path: '^src/common/' },
      to: { path: '^src/', pathNot: ['^src/common/', '^src/hiver/'] },
    },
    {
      name: 'model-below-features',
      severity: 'error',
      comment: 'src/model serves the tree, the panels and search; it never reaches up into them.',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: ['^src/model/', '^src/common/', '^src/hiver/'] },
    },
    {
      name: 'model-without-vscode',
      severity: 'error',
      comment: 'src/model is plain Node too: the unit tests drive its paging loop against the simulator.',
      from: { path: '^src/model/' },
      to: { path: '^node_modules/@types/vscode/', reachable: true },
    },
    {
      name: 'webviews-without-vscode',
      severity: 'error',
      comment: 'media/ runs inside a webview: what it imports from src must not reach the vscode API.',
      from: { path: '^media/' },
      to: { path: '^node_modules/@types/vscode/', reachable: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
  },
};
