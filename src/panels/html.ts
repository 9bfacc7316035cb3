import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { EntityRef } from './protocol';

/** Where the webview may load files from: our CSS/icons and the bundled webview scripts. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: webviewRoots(extensionUri) };
}

/** Escapes text for HTML content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export interface ShellOptions {
  /** The bundle name: media/panels/<script>.ts is built to dist/webview/<script>.js. */
  script: string;
  /** Extra stylesheets under media/panels/, after the common panel.css. */
  styles?: string[];
  ref: EntityRef;
  /** The page title (screen readers); the tab title is the panel's. */
  title: string;
}

/**
 * The HTML shell every panel uses. It holds no API data but the (escaped) ref: the script
 * renders the entity with DOM APIs when the host sends it. Fresh nonce per render.
 */
export function renderShell(webview: vscode.Webview, extensionUri: vscode.Uri, options: ShellOptions): string {
  const nonce = randomBytes(18).toString('base64');
  const media = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panels', file)).toString();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${options.script}.js`)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  const styles = ['panel.css', ...(options.styles ?? [])]
    .map((file) => `<link rel="stylesheet" href="${escapeHtml(media(file))}">`)
    .join('\n    ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${escapeHtml(options.title)}</title>
  </head>
  <body data-ref="${escapeHtml(JSON.stringify(options.ref))}" data-locale="${escapeHtml(vscode.env.language)}">
    <main id="root"></main>
    <script nonce="${nonce}" src="${escapeHtml(script)}"></script>
  </body>
</html>`;
}
