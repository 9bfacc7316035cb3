// The inbox, user and tag panels: lays out the DetailView the host sends (src/panels/detailView.ts).
import type { DetailView } from '../../src/panels/detailView';
import { button, clipped, fieldRow, h, replaceChildren, showLoadStatus, swatch, warningBox } from './common/dom';
import { labelText } from '../../src/common/display';
import { post, start } from './common/webview';

const root = document.getElementById('root') as HTMLElement;
const statusLine = h('p', { class: 'status', role: 'status' });
let labels: DetailView['labels'] | undefined;
/** The warning drawn last, so an unchanged one is not announced again. */
let shownWarning: string | undefined;

function render(view: DetailView): void {
  labels = view.labels;
  const heading = h('h1', { title: labelText(view.heading, Infinity) }, view.swatch ? swatch(view.swatch) : undefined, labelText(view.heading));
  const warningText = view.warning && `${view.warning.title}\n${view.warning.detail}`;
  const warning = view.warning && warningBox(warningText ?? '', shownWarning, h('strong', {}, view.warning.title), h('p', {}, view.warning.detail));
  shownWarning = warningText;
  const sections = view.sections.map((section) =>
    h('section', {}, h('h2', {}, section.heading), h('dl', {}, ...section.fields.flatMap((f) => fieldRow(f, view.labels.copy)))),
  );
  const toolbar = h('div', { class: 'toolbar' }, button(view.labels.refresh, () => post({ type: 'refresh' }), { secondary: true }));
  replaceChildren(
    root,
    h('header', {}, heading, view.subheading ? clipped('p', { class: 'subheading' }, view.subheading) : undefined),
    warning,
    statusLine,
    ...sections,
    toolbar,
  );
}

start<DetailView>({
  render,
  status: (loading, error) => showLoadStatus(statusLine, root, loading, error, labels),
});
