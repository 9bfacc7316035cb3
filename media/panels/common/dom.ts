// Building the document with DOM APIs only: every string becomes a text node, never HTML,
// so names like "<img onerror=…>" from the API show as text.
import '@vscode-elements/elements/dist/vscode-button/index.js';
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

/** A vscode-elements button. */
export function button(label: string, onClick: () => void, options: { secondary?: boolean; title?: string } = {}): HTMLElement {
  const element = h('vscode-button', { title: options.title, 'aria-label': options.title ?? label }, label);
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

/** A colour swatch; `color` must already be a validated hex code. */
export function swatch(color: string): HTMLElement {
  const element = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  // A style property set through the DOM, not an inline style attribute (CSP has no 'unsafe-inline').
  element.style.setProperty('--swatch', /^#[0-9a-f]{3,6}$/i.test(color) ? color : 'transparent');
  return element;
}

/** Replaces everything inside `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...children.filter((c): c is Node | string => c !== undefined && c !== false));
}
