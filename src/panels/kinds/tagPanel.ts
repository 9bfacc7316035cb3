import * as vscode from 'vscode';
import type { Tag } from '../../hiver/models';
import type { HiverSession } from '../../session';
import { DetailView } from '../detailView';
import { PanelKind } from '../panelKind';
import { safeCssColor } from '../../common/colors';
import { field, formatDate, plain, viewLabels } from './format';

type TagRef = { kind: 'tag'; inboxId: string; id: string };

export function tagView(tag: Tag, inboxId: string, session: HiverSession): DetailView {
  const t = vscode.l10n.t;
  const inbox = session.model.inbox(inboxId);
  const color = safeCssColor(tag.color);
  const background = safeCssColor(tag.backgroundColor);
  const conversations = session.model.list({ kind: 'conversations', inboxId });
  const tagged = conversations.items.filter((c) => c.tagIds.includes(tag.id)).length;
  return {
    kind: 'tag',
    heading: tag.name,
    subheading: inbox?.displayName ?? t('Inbox {0}', inboxId),
    swatch: color,
    sections: [
      {
        heading: t('Tag'),
        fields: [
          ...field(t('Name'), tag.name, { copyAs: t('name') }),
          // An invalid colour is shown as text, never used as a style.
          ...field(t('Colour'), tag.color, { swatch: color, mono: true, copyAs: color && t('colour') }),
          ...field(t('Background colour'), tag.backgroundColor, { swatch: background, mono: true }),
          ...field(t('Type'), tag.type),
          ...field(t('Description'), tag.description),
          ...field(t('Created'), formatDate(tag.createdAt)),
          ...field(t('ID'), tag.id, { copyAs: t('ID'), mono: true }),
        ],
      },
      {
        heading: t('Inbox'),
        fields: [
          ...field(t('Inbox'), inbox?.displayName ?? t('Inbox {0}', inboxId)),
          ...field(t('Inbox ID'), inboxId, { mono: true }),
          conversations.loaded
            ? { label: t('Loaded conversations with this tag'), value: t('{0} of {1}', tagged, conversations.size) }
            : { label: t('Loaded conversations with this tag'), value: t('Conversations not loaded yet'), muted: true },
        ],
      },
    ],
    entity: plain(tag),
    labels: viewLabels(),
  };
}

function previousName(previous: unknown): string | undefined {
  const name = (previous as { entity?: { name?: unknown } } | undefined)?.entity?.name;
  return typeof name === 'string' && name.length > 0 && name.length < 1000 ? name : undefined;
}

export const tagPanelKind: PanelKind<TagRef, DetailView> = {
  kind: 'tag',
  script: 'details',
  title: (ref, data) => data?.heading ?? vscode.l10n.t('Tag {0}', ref.id),
  peek(ref, session) {
    const tag = session.model.list({ kind: 'tags', inboxId: ref.inboxId }).get(ref.id);
    return tag && tagView(tag, ref.inboxId, session);
  },
  async load(ref, session, { fresh, previous, signal }) {
    const listRef = { kind: 'tags' as const, inboxId: ref.inboxId };
    const held = session.model.list(listRef).get(ref.id);
    if (held && !fresh) return tagView(held, ref.inboxId, session);
    // No GET by id: the model searches by the name it holds or the panel showed before.
    const tag = await session.model.reread(listRef, ref.id, { hint: previousName(previous), signal });
    if (!tag) throw new Error(vscode.l10n.t('Tag {0} is not in this inbox any more, or is not loaded: open it again from the Hiver view.', ref.id));
    return tagView(tag, ref.inboxId, session);
  },
};
