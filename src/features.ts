// What activation does not load (lazyFeatures.ts): the detail panels, the triage flows and the
// search commands. Every other module imports these through features().
export { DetailPanel, tabTitle } from './panels/detailPanel';
export { inboxPanelKind } from './panels/kinds/inboxPanel';
export { userPanelKind } from './panels/kinds/userPanel';
export { tagPanelKind } from './panels/kinds/tagPanel';
export { ConversationPanels } from './panels/kinds/conversationPanel';
export { parseNoteDraft, parseReplyDraft } from './panels/kinds/conversationMessages';
export { conversationServices } from './conversations/services';
export { TriageFlows } from './conversations/flows';
export { resolveTarget } from './conversations/targetPicker';
export { searchCommands } from './search/searchCommands';
export { ApiKeyFlow } from './auth/apiKeyFlow';
export { pickConversationFilter } from './tree/filterPicker';
export { watchCommands } from './watch/watchCommands';
