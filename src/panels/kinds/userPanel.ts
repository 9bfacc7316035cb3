import * as vscode from 'vscode';
import type { InboxUser } from '../../hiver/models';
import type { HiverSession } from '../../session';
import { DetailView } from '../detailView';
import { PanelKind } from '../panelKind';
import { field, plain, viewLabels } from './format';
import { userName } from '../../common/users';

type UserRef = { kind: 'user'; inboxId: string; id: string };

export function userView(user: InboxUser, inboxId: string, session: HiverSession): DetailView {
  const t = vscode.l10n.t;
  const inbox = session.model.inbox(inboxId);
  // Other inboxes where this person is loaded (matched by email: ids may differ per inbox).
  const alsoIn = session.model
    .loadedEverywhere('users')
    .filter(({ inbox: other, item }) => other.id !== inboxId && item.email.toLowerCase() === user.email.toLowerCase())
    .map(({ inbox: other }) => other.displayName);
  return {
    kind: 'user',
    heading: userName(user),
    subheading: user.email,
    sections: [
      {
        heading: t('User'),
        fields: [
          ...field(t('First name'), user.firstName),
          ...field(t('Last name'), user.lastName),
          ...field(t('Email'), user.email, { copyAs: t('email') }),
          ...field(t('Phone'), user.phoneNumber, { copyAs: t('phone number') }),
          ...field(t('Joined Hiver'), user.isJoined === undefined ? undefined : user.isJoined ? t('Yes') : t('No: invited, not joined yet')),
          ...field(t('ID'), user.id, { copyAs: t('ID'), mono: true }),
        ],
      },
      {
        heading: t('Inbox'),
        fields: [
          ...field(t('Member of'), inbox?.displayName ?? t('Inbox {0}', inboxId)),
          ...field(t('Inbox ID'), inboxId, { mono: true }),
          ...field(t('Also in (loaded)'), alsoIn.length ? alsoIn.join(', ') : undefined),
        ],
      },
    ],
    entity: plain(user),
    labels: viewLabels(),
  };
}

/** The email the panel showed before a reload, if its saved state holds a plausible one. */
function previousEmail(previous: unknown): string | undefined {
  const email = (previous as { entity?: { email?: unknown } } | undefined)?.entity?.email;
  return typeof email === 'string' && email.includes('@') && email.length < 320 ? email : undefined;
}

export const userPanelKind: PanelKind<UserRef, DetailView> = {
  kind: 'user',
  script: 'details',
  title: (ref, data) => data?.heading ?? vscode.l10n.t('User {0}', ref.id),
  peek(ref, session) {
    const user = session.model.list({ kind: 'users', inboxId: ref.inboxId }).get(ref.id);
    return user && userView(user, ref.inboxId, session);
  },
  async load(ref, session, { fresh, previous, signal }) {
    const listRef = { kind: 'users' as const, inboxId: ref.inboxId };
    const held = session.model.list(listRef).get(ref.id);
    if (held && !fresh) return userView(held, ref.inboxId, session);
    // No GET by id: the model searches by the email it holds or the panel showed before.
    const user = await session.model.reread(listRef, ref.id, { hint: previousEmail(previous), signal });
    if (!user) throw new Error(vscode.l10n.t('User {0} is not in this inbox any more, or is not loaded: open it again from the Hiver view.', ref.id));
    return userView(user, ref.inboxId, session);
  },
};
