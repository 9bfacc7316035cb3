// Records the texts of the notifications the extension shows (error, warning, information
// and status bar messages) while a test runs. Each message is answered as if the user
// dismissed it, so no flow waits on a button.
import * as vscode from 'vscode';

type Shower = (message: string, ...rest: unknown[]) => Thenable<unknown>;
const NAMES = ['showErrorMessage', 'showWarningMessage', 'showInformationMessage', 'setStatusBarMessage'] as const;

export interface RecordedMessages extends vscode.Disposable {
  readonly texts: string[];
}

export function recordMessages(): RecordedMessages {
  const window = vscode.window as unknown as Record<(typeof NAMES)[number], Shower>;
  const originals = NAMES.map((name) => [name, window[name]] as const);
  const texts: string[] = [];
  for (const name of NAMES) {
    window[name] = (message: string, ...rest: unknown[]) => {
      // The buttons and options are shown too: record them with the text.
      texts.push([message, ...rest.map((item) => (typeof item === 'string' ? item : JSON.stringify(item ?? null)))].join(' | '));
      return name === 'setStatusBarMessage' ? (new vscode.Disposable(() => undefined) as unknown as Thenable<unknown>) : Promise.resolve(undefined);
    };
  }
  return {
    texts,
    dispose: () => {
      for (const [name, original] of originals) window[name] = original;
    },
  };
}
