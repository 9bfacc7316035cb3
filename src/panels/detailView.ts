// The data the inbox, user and tag panels send to their webview (media/panels/details.ts):
// the entity as plain JSON, plus fields already formatted and translated on the host, so
// the webview only lays them out. No vscode import: the webview script shares these types.

export interface DetailField {
  label: string;
  value: string;
  /** Shows a copy button; the text is what the status bar says was copied ("email"). */
  copyAs?: string;
  /** A validated "#rrggbb" shown as a swatch before the value. */
  swatch?: string;
  /** Monospace (ids, codes). */
  mono?: boolean;
  /** Dimmed (e.g. "not loaded yet"). */
  muted?: boolean;
}

export interface DetailSection {
  heading: string;
  fields: DetailField[];
}

export interface DetailView {
  kind: 'inbox' | 'user' | 'tag';
  heading: string;
  /** A short line under the heading (the email, the inbox name). */
  subheading?: string;
  /** A colour swatch next to the heading (tags). */
  swatch?: string;
  /** A problem the user should act on, and what to do about it. */
  warning?: { title: string; detail: string };
  sections: DetailSection[];
  /** The entity exactly as the model holds it. */
  entity: Record<string, unknown>;
  /** Button and status texts, translated on the host. */
  labels: { copy: string; refresh: string; loading: string; loadFailed: string };
}
