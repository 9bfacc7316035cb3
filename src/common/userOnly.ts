// Settings that decide where the API key goes, or how fast and how many requests are sent,
// are the user's alone: a folder someone else wrote must not change them. package.json gives
// them "scope": "application" (VS Code's rule); this is ours, so it holds even where a host
// does not apply that scope. No vscode import: plain-Node tests read it.

/** The parts of WorkspaceConfiguration.inspect() that matter here. */
export interface InspectedValue {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
  workspaceLanguageValue?: unknown;
  workspaceFolderLanguageValue?: unknown;
}

export interface UserOnlyValue<T> {
  value: T;
  /** True when a workspace or folder set a value, which was ignored. */
  ignoredFromWorkspace: boolean;
}

/**
 * The user's own value (user settings), else the fallback; a workspace or folder value never
 * counts. A user value of the wrong type (e.g. a string for a number) falls back too.
 */
export function userOnlyValue<T extends string | number | boolean>(inspected: InspectedValue | undefined, fallback: T): UserOnlyValue<T> {
  const user = inspected?.globalValue;
  const valid = typeof user === typeof fallback && (typeof user !== 'number' || Number.isFinite(user));
  const ignoredFromWorkspace = [
    inspected?.workspaceValue,
    inspected?.workspaceFolderValue,
    inspected?.workspaceLanguageValue,
    inspected?.workspaceFolderLanguageValue,
  ].some((value) => value !== undefined);
  return { value: valid ? (user as T) : fallback, ignoredFromWorkspace };
}
