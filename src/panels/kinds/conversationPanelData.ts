// Builds the conversation panel's data from what is known: the conversation as the server last
// accepted it, names from the inbox's loaded users and tags and the notes sent from here (the
// composers' text comes separately: composerSnapshot.ts). Every value stays data: the webview
// renders it as text nodes.
import * as vscode from 'vscode';
import type { InboxUser } from '../../hiver/models';
import { field, formatDate, plain } from './format';
import type { DetailField } from '../detailView';
import { assigneeText, statusLabel } from '../../tree/conversationLabels';
import { contrastingText, safeCssColor } from '../../common/colors';
import type { KnownConversation } from '../../conversations/conversationActions';
import type { ConversationLabel, ConversationView } from './conversationView';
import { REPLY_TYPES } from '../../conversations/draftStore';
import { isHiverLink } from '../../common/permalinks';
import { replyToValue } from '../../conversations/replyTo';
import { MAX_TEXT_LENGTH } from '../../conversations/textLimits';
import type { ConversationServices } from '../../conversations/services';

const t = vscode.l10n.t;

export function buildConversationView(services: ConversationServices, inboxId: string, conversation: KnownConversation, warning?: string): ConversationView {
  const { model } = services.session;
  const users = model.list({ kind: 'users', inboxId });
  const tags = model.list({ kind: 'tags', inboxId });
  const inbox = model.inbox(inboxId);
  const assignee: InboxUser | undefined = conversation.assigneeId === undefined ? undefined : users.get(conversation.assigneeId);
  // The tree's wording (a name, "user 1028399", "email (refresh needed)"), but a field's "Unassigned".
  const unassigned = conversation.assigneeId === undefined && !conversation.assigneeEmail;
  const assigneeLabel = unassigned ? t('Unassigned') : assigneeText(model, inboxId, conversation);

  const tagChips = conversation.tagIds.map((id) => {
    const tag = tags.get(id);
    const color = safeCssColor(tag?.color);
    return { id, name: tag?.name ?? t('tag {0}', id), color, textColor: color && contrastingText(color) };
  });

  const details: DetailField[] = [
    { label: t('Status'), value: statusLabel(conversation.status) },
    { label: t('Assignee'), value: assigneeLabel, muted: unassigned },
    ...field(t('Assignee email'), assignee?.email, { copyAs: t('email') }),
    ...field(t('Conversation ID'), conversation.id, { mono: true, copyAs: t('conversation ID') }),
    ...field(t('Gmail thread ID'), conversation.gmailThreadId, { mono: true, copyAs: t('Gmail thread ID') }),
    ...field(t('Assignee ID'), conversation.assigneeId, { mono: true }),
    ...field(t('Inbox'), inbox?.displayName ?? t('Inbox {0}', inboxId)),
    ...field(t('Inbox ID'), inboxId, { mono: true }),
  ];

  const links = [
    { label: t('Private permalink (Hiver members)'), url: conversation.privatePermalink, what: t('private permalink') },
    { label: t('Public permalink (anyone with the link)'), url: conversation.publicPermalink, what: t('public permalink') },
  ]
    .filter((link): link is { label: string; url: string; what: string } => typeof link.url === 'string' && link.url !== '')
    .map((link) => ({ ...link, openable: isHiverLink(link.url) }));

  const messages = conversation.messageIds?.map((message, index) => ({
    value: replyToValue(message),
    label: message.gmailMessageId
      ? t('Message {0}: Hiver {1} · Gmail {2}', index + 1, message.hiverMessageId, message.gmailMessageId)
      : t('Message {0}: Hiver {1}', index + 1, message.hiverMessageId),
  }));

  const messageFields: DetailField[] = (conversation.messageIds ?? []).flatMap((message, index) => [
    { label: t('Message {0} (Hiver ID)', index + 1), value: message.hiverMessageId, mono: true, copyAs: t('message ID') },
    ...field(t('Message {0} (Gmail ID)', index + 1), message.gmailMessageId, { mono: true, copyAs: t('Gmail message ID') }),
  ]);

  const sentNotes = services.sentNotes.list(conversation.id).map((note) => ({
    id: note.id,
    content: note.content,
    author: note.authorEmail,
    when: formatDate(note.createdAt) ?? '',
    parentId: note.parentNoteId,
  }));

  return {
    inboxId,
    conversationId: conversation.id,
    heading: t('Conversation {0}', conversation.id),
    subheading: inbox?.displayName ?? t('Inbox {0}', inboxId),
    status: { value: conversation.status, label: statusLabel(conversation.status) },
    tags: tagChips,
    sections: [
      { heading: t('Conversation'), fields: details },
      ...(messageFields.length > 0 ? [{ heading: t('Messages'), fields: messageFields }] : []),
    ],
    links,
    messages,
    members: users.items.map((u) => ({ email: u.email, firstName: u.firstName, lastName: u.lastName })),
    membersComplete: users.loaded && !users.hasMore,
    sentNotes,
    replyTypes: REPLY_TYPES.map((value) => ({ value, label: { reply: t('Reply'), reply_all: t('Reply all'), forward: t('Forward') }[value] })),
    warning,
    labels: labels(),
    entity: plain(conversation),
  };
}

function labels(): Record<ConversationLabel, string> {
  return {
    actions: t('Actions'),
    setStatus: t('Set Status…'),
    assign: t('Assign…'),
    tags: t('Tags…'),
    newTag: t('New Tag…'),
    openInHiver: t('Open in Hiver'),
    copyPermalink: t('Copy Permalink'),
    refresh: t('Refresh from Hiver'),
    copy: t('Copy'),
    open: t('Open'),
    loading: t('Loading…'),
    loadFailed: t('Could not load from Hiver'),
    details: t('Conversation'),
    tagsHeading: t('Tags'),
    noTags: t('No tags'),
    links: t('Links'),
    messages: t('Messages'),
    messagesUnknown: t('Message ids come from reading the conversation: press Refresh from Hiver.'),
    notes: t('Notes'),
    noteText: t('New note'),
    notePlaceholder: t('Write a note for your team. Type @ to mention a teammate.'),
    notifyAll: t('Notify everyone in the inbox'),
    replyToNote: t('Reply to'),
    noParent: t('(a new note, not a reply)'),
    addNote: t('Add Note'),
    sending: t('Sending…'),
    noteAdded: t('Note added.'),
    noSentNotes: t('No notes added from this editor yet.'),
    sentNotesHint: t("Hiver's API cannot list notes: this list shows only the notes added from this editor."),
    mentionHint: t('Mentions are sent as the teammate\'s email, in the text and in the mention list, as Hiver requires.'),
    membersPartial: t('Only the inbox members loaded so far are suggested.'),
    by: t('by'),
    draftHeading: t('Shared draft'),
    draftExplain: t('A shared draft is a reply prepared for your team: it is not sent from here. Hiver users review and send drafts from Hiver.'),
    draftBody: t('Draft text'),
    replyType: t('Reply type'),
    replyToMessage: t('Replies to'),
    chooseMessage: t('Choose a message'),
    createDraft: t('Create Shared Draft'),
    draftCreated: t('Shared draft created. Send it from Hiver.'),
    sendAnyway: t('Send Anyway'),
    maxLength: t('Up to {0} characters.', MAX_TEXT_LENGTH.toLocaleString()),
  };
}
