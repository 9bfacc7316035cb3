// Flat config: typescript-eslint's recommended rules over src and test, plus the two doors
// for outside text (API text, webview values): messages through src/common/notify.ts, links
// through src/conversations/openLink.ts; and quick inputs through src/common/quickInputs.ts.
import tseslint from 'typescript-eslint';

const MESSAGE_DOOR = 'src/common/notify.ts';
const LINK_DOOR = 'src/conversations/openLink.ts';
const QUICK_INPUT_DOOR = 'src/common/quickInputs.ts';

/** Notifications and status bar messages only through notify.ts, which escapes API text. */
const rawMessage = {
  selector: "MemberExpression[property.name=/^(show(Information|Warning|Error)Message|setStatusBarMessage)$/]",
  message: `Show messages through ${MESSAGE_DOOR} (showInfo/showWarning/showError/askWarning/confirmModal/showStatus/statusProgress): it escapes API text.`,
};
/** The template of a message is a string literal, so API text can only come in as an escaped argument. */
const builtTemplate = {
  selector:
    "CallExpression:matches([callee.name=/^(showInfo|showWarning|showError|askWarning|askInfo|confirmModal|showStatus|statusProgress)$/], [callee.property.name=/^(showInfo|showWarning|showError|askWarning|askInfo|confirmModal|showStatus|statusProgress)$/])[arguments.0.type!='Literal']",
  message: 'The first argument is the l10n template and must be a string literal; put API text in the arguments, which are escaped.',
};
/** Links are opened only through openLink.ts, which opens exactly the link it checked. */
const rawOpen = {
  selector: "MemberExpression[property.name='openExternal'][object.property.name='env']",
  message: `Open links through openHiverLink in ${LINK_DOOR}: it opens only the Hiver link it checked.`,
};

/** Quick inputs open only through quickInputs.ts, which holds the tree's redraws as they open. */
const rawQuickInput = {
  selector: "MemberExpression[property.name=/^(createQuickPick|showQuickPick|showInputBox|createInputBox)$/][object.property.name='window']",
  message: `Open quick inputs through ${QUICK_INPUT_DOOR}: a tree redraw arriving as one opens would close it.`,
};

/** An event listener's promise is awaited by no one: its failure would be an unhandled rejection. */
const asyncListener = {
  selector: 'CallExpression[callee.property.name=/^on[A-Z]/] > :matches(ArrowFunctionExpression, FunctionExpression)[async=true]',
  message: "An event listener's promise is awaited by no one: use a plain listener that hands its async work to inBackground (src/common/background.ts), which logs a failure.",
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      curly: ['error', 'multi-line'],
    },
  },
  // A later block replaces an earlier block's no-restricted-syntax for the files both match,
  // so each door's own file gets the rules that still apply to it.
  { files: ['src/**/*.ts'], ignores: [MESSAGE_DOOR, LINK_DOOR, QUICK_INPUT_DOOR], rules: { 'no-restricted-syntax': ['error', rawMessage, builtTemplate, rawOpen, rawQuickInput, asyncListener] } },
  { files: [MESSAGE_DOOR], rules: { 'no-restricted-syntax': ['error', builtTemplate, rawOpen, rawQuickInput, asyncListener] } },
  { files: [LINK_DOOR], rules: { 'no-restricted-syntax': ['error', rawMessage, builtTemplate, rawQuickInput, asyncListener] } },
  { files: [QUICK_INPUT_DOOR], rules: { 'no-restricted-syntax': ['error', rawMessage, builtTemplate, rawOpen, asyncListener] } },
);
