// The inbox, user and tag panels: lays out the DetailView the host sends (src/panels/detailView.ts).
import type { DetailField, DetailView } from '../../src/panels/detailView';
import { button, copyButton, h, replaceChildren, swatch } from './common/dom';
import { post, start } from './common/webview';

const root = document.getElementById('root') as HTMLElement;
const statusLine = h('p', { class: 'status', role: 'status' });
let labels: DetailView['labels'] | undefined;

function fieldRow(field: DetailField, copyLabel: string): HTMLElement[] {
  const value = h('dd', { class: [field.mono ? 'mono' : '', field.muted ? 'muted' : ''].join(' ').trim() || undefined });
  if (field.swatch) value.append(swatch(field.swatch));
  value.append(h('span', { class: 'value' }, field.value));
  if (field.copyAs) value.append(copyButton(field.value, field.copyAs, copyLabel));
  return [h('dt', {}, field.label), value];
}

function render(view: DetailView): void {
  labels = view.labels;
  const heading = h('h1', {}, view.swatch ? swatch(view.swatch) : undefined, view.heading);
  const warning =
    view.warning &&
    h('div', { class: 'warning', role: 'alert' }, h('strong', {}, view.warning.title), h('p', {}, view.warning.detail));
  const sections = view.sections.map((section) =>
    h('section', {}, h('h2', {}, section.heading), h('dl', {}, ...section.fields.flatMap((f) => fieldRow(f, view.labels.copy)))),
  );
  const toolbar = h('div', { class: 'toolbar' }, button(view.labels.refresh, () => post({ type: 'refresh' }), { secondary: true }));
  replaceChildren(
    root,
    h('header', {}, heading, view.subheading ? h('p', { class: 'subheading' }, view.subheading) : undefined),
    warning,
    statusLine,
    ...sections,
    toolbar,
  );
}

start<DetailView>({
  render,
  status(loading, error) {
    statusLine.classList.toggle('error', error !== undefined);
    statusLine.textContent = error ? `${labels?.loadFailed ?? 'Could not load from Hiver'}: ${error}` : loading ? (labels?.loading ?? 'Loading…') : '';
    if (!root.contains(statusLine)) root.prepend(statusLine);
  },
});
