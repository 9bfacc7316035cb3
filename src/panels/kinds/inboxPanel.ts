import * as vscode from 'vscode';
import type { Inbox } from '../../hiver/models';
import type { HiverSession } from '../../session';
import { DetailView } from '../detailView';
import { PanelKind } from '../panelKind';
import { field, formatDate, loadedCount, plain, viewLabels } from './format';

type InboxRef = { kind: 'inbox'; inboxId: string };

export function inboxView(inbox: Inbox, session: HiverSession): DetailView {
  const t = vscode.l10n.t;
  return {
    kind: 'inbox',
    heading: inbox.displayName,
    subheading: inbox.email,
    warning: inbox.isAuthorised
      ? undefined
      : {
          title: t('Hiver has lost access to this mailbox'),
          detail: t('Mail sent to {0} no longer reaches Hiver. A Hiver admin must reconnect the mailbox in Hiver (Admin Panel → Inboxes), signed in as its source user{1}.', inbox.email, inbox.sourceUser ? ` (${inbox.sourceUser.email})` : ''),
        },
    sections: [
      {
        heading: t('Inbox'),
        fields: [
          ...field(t('Name'), inbox.displayName),
          ...field(t('Email'), inbox.email, { copyAs: t('email') }),
          ...field(t('ID'), inbox.id, { copyAs: t('ID'), mono: true }),
          ...field(t('Channel'), inbox.channelType),
          ...field(t('Inbox type'), inbox.inboxType),
          { label: t('Mailbox access'), value: inbox.isAuthorised ? t('Authorised') : t('Not authorised: reconnect in Hiver') },
          ...field(t('Created'), formatDate(inbox.createdAt)),
          ...field(t('Updated'), formatDate(inbox.updatedAt)),
        ],
      },
      ...(inbox.sourceUser
        ? [
            {
              heading: t('Source user'),
              fields: [
                ...field(t('Email'), inbox.sourceUser.email, { copyAs: t('email') }),
                ...field(t('ID'), inbox.sourceUser.id, { copyAs: t('ID'), mono: true }),
              ],
            },
          ]
        : []),
      {
        heading: t('Loaded in VS Code'),
        fields: [loadedCount(session, inbox.id, 'users'), loadedCount(session, inbox.id, 'tags'), loadedCount(session, inbox.id, 'conversations')],
      },
    ],
    entity: plain(inbox),
    labels: viewLabels(),
  };
}

export const inboxPanelKind: PanelKind<InboxRef, DetailView> = {
  kind: 'inbox',
  script: 'details',
  title: (ref, data) => data?.heading ?? vscode.l10n.t('Inbox {0}', ref.inboxId),
  peek(ref, session) {
    const inbox = session.model.inbox(ref.inboxId);
    return inbox && inboxView(inbox, session);
  },
  async load(ref, session, { fresh, signal }) {
    const held = fresh ? undefined : session.model.inbox(ref.inboxId);
    if (held) return inboxView(held, session);
    // GET /inboxes/{id}: one request when the inbox list is not loaded (e.g. after a reload).
    const inbox = await session.client.getInbox(ref.inboxId, { signal, priority: 'user' });
    // Remembered beside the pages, so user and tag panels of this inbox can name it.
    session.model.inboxes.remember(inbox);
    return inboxView(inbox, session);
  },
};
