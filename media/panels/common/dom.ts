// Building the document with DOM APIs only: every string becomes a text node, never HTML,
// so names like "<img onerror=…>" from the API show as text.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { DetailField } from '../../../src/panels/detailView';
import { safeCssColor } from '../../../src/common/colors';
import { labelText } from '../../../src/common/display';
import { post } from './webview';

type Child = Node | string | undefined | false;

/** `h('dd', { class: 'mono' }, 'text', child)`: an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Record<string, string | undefined>, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attributes?: Record<string, string | undefined>, ...children: Child[]): HTMLElement;
export function h(tag: string, attributes: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/**
 * API text as an element: cut to a readable length (labelText), the full text in its `title`
 * (hover) when cut. Copy buttons and the host keep the full value.
 */
export function clipped(tag: string, attributes: Record<string, string | undefined>, text: string): HTMLElement {
  const short = labelText(text);
  return h(tag, { ...attributes, title: short === text ? attributes.title : labelText(text, Infinity) }, short);
}

/** An error that carries the server's text: no bidi controls, and a paragraph at most (the Hiver log has it all). */
export function errorText(message: string): string {
  return labelText(message, 500);
}

/** A vscode-elements button; its `data-key` (its accessible name) finds it again after a re-render. */
export function button(label: string, onClick: () => void, options: { secondary?: boolean; title?: string } = {}): HTMLElement {
  const name = options.title ?? label;
  const element = h('vscode-button', { title: options.title, 'aria-label': name, 'data-key': name }, label);
  if (options.secondary) element.setAttribute('secondary', '');
  element.addEventListener('click', onClick);
  return element;
}

/** A small button that asks the host to copy `text` (the host owns the clipboard). */
export function copyButton(text: string, what: string, label: string): HTMLElement {
  const element = button(label, () => post({ type: 'copy', text, what }), { secondary: true, title: `${label} ${what}` });
  element.classList.add('copy');
  return element;
}

/** A colour swatch; anything but a hex code (checked again here) paints nothing. */
export function swatch(color: string): HTMLElement {
  const element = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  // A style property set through the DOM, not an inline style attribute (CSP has no 'unsafe-inline').
  element.style.setProperty('--swatch', safeCssColor(color) ?? 'transparent');
  return element;
}

/**
 * Replaces everything inside `parent`. A focused button inside it is focused again in the new
 * content (found by its `data-key`): a re-render, such as the one after Set Status, must not
 * throw a keyboard user's focus back to the top of the page.
 */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && parent.contains(active) ? active.dataset.key : undefined;
  parent.replaceChildren(...children.filter((c): c is Node | string => c !== undefined && c !== false));
  const again = key === undefined ? null : parent.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
  // A vscode-button takes focus once it has rendered (its tabindex is set then).
  if (again) void ((again as { updateComplete?: Promise<unknown> }).updateComplete ?? Promise.resolve()).then(() => again.focus());
}

/**
 * A warning box. Only a warning not shown before is an alert: each re-render builds the box
 * anew, and a screen reader announces every alert inserted, so an unchanged one would be read
 * out again on every update.
 */
export function warningBox(text: string, previous: string | undefined, ...children: Child[]): HTMLElement {
  return h('div', { class: 'warning', role: text === previous ? undefined : 'alert' }, ...children);
}

/** One `<dt>`/`<dd>` pair of a details list: the value, its swatch and copy button. */
export function fieldRow(field: DetailField, copyLabel: string): HTMLElement[] {
  const value = h('dd', { class: [field.mono ? 'mono' : '', field.muted ? 'muted' : ''].join(' ').trim() || undefined });
  if (field.swatch) value.append(swatch(field.swatch));
  value.append(clipped('span', { class: 'value' }, field.value));
  if (field.copyAs) value.append(copyButton(field.value, field.copyAs, copyLabel));
  return [h('dt', {}, field.label), value];
}

/** The line that says a panel is loading or why loading failed; kept in `root` (first if it was dropped). */
export function showLoadStatus(
  line: HTMLElement,
  root: HTMLElement,
  loading: boolean,
  error: string | undefined,
  labels: { loading: string; loadFailed: string } | undefined,
): void {
  line.classList.toggle('error', error !== undefined);
  line.textContent = error ? `${labels?.loadFailed ?? 'Could not load from Hiver'}: ${errorText(error)}` : loading ? (labels?.loading ?? 'Loading…') : '';
  if (!root.contains(line)) root.prepend(line);
}
