// The conversation services, one set per session, shared by the commands and the panel
// (the panel kind is registered before the commands, so neither owns them).
import type { HiverSession } from '../session';
import { ConversationActions } from './conversationActions';
import { Composer } from './composer';
import { DraftStore } from './draftStore';
import type { SentNotes } from './sentNotes';

export interface ConversationServices {
  session: HiverSession;
  actions: ConversationActions;
  drafts: DraftStore;
  sentNotes: SentNotes;
  composer: Composer;
}

const bySession = new WeakMap<HiverSession, ConversationServices>();

export function conversationServices(session: HiverSession): ConversationServices {
  let services = bySession.get(session);
  if (!services) {
    const actions = new ConversationActions(session);
    // Unsent text belongs to this workspace; the record of sent notes to the account (every
    // window's, kept by the session, which follows the key).
    const drafts = new DraftStore(session.context.workspaceState);
    const sentNotes = session.sentNotes;
    const composer = new Composer(session, actions, drafts, sentNotes);
    services = { session, actions, drafts, sentNotes, composer };
    session.context.subscriptions.push(actions, composer);
    bySession.set(session, services);
  }
  return services;
}
