// The conversation triage commands (row context menu, command palette, the panel's buttons).
// Each accepts a tree node or `{ inboxId, conversationId }` first (when missing: the active
// conversation panel's, else asks with a QuickPick), then optional values so scripts and tests
// can run it without any UI, e.g.
// `hiver.setStatus({ inboxId: '101', conversationId: '538700001' }, 'pending')`.
// Each returns the Outcome (or send result), so a caller knows what happened.
import * as vscode from 'vscode';
import type { HiverSession } from '../session';
import type { DetailPanels } from '../panels/panelRegistry';
import type { Outcome, TriageFlows } from '../conversations/flows';
import type { ConversationTarget } from '../conversations/targetPicker';
import { features } from '../lazyFeatures';
import type { TagChoice } from '../conversations/pickers';
import type { PermalinkKind } from '../conversations/openLink';
import { describeError } from '../common/errors';
import { showError } from '../common/notify';

const t = vscode.l10n.t;

export function registerConversationCommands(context: vscode.ExtensionContext, session: HiverSession, panels: DetailPanels): void {
  // Made with the first triage command (their code loads then: lazyFeatures.ts).
  let triageFlows: TriageFlows | undefined;
  const flowsNow = () => (triageFlows ??= new (features().TriageFlows)(features().conversationServices(session)));

  /** Runs `step` on the target, or answers "cancelled" when none was given or picked; `purpose` titles the picker. */
  const withTarget = async <T>(arg: unknown, purpose: string, step: (target: ConversationTarget, flows: TriageFlows) => Promise<T>): Promise<T | Outcome<never>> => {
    const flows = flowsNow();
    const target = await features().resolveTarget(session, arg, purpose, panels.activeConversation());
    return target ? step(target, flows) : { ok: false, cancelled: true };
  };
  const which = (value: unknown): PermalinkKind => (value === 'public' ? 'public' : 'private');

  const register = (id: string, handler: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, handler);
  context.subscriptions.push(
    register('hiver.setStatus', (arg, status) => withTarget(arg, t('Set Conversation Status'), (target, flows) => flows.setStatus(target, status))),
    register('hiver.assign', (arg, email) => withTarget(arg, t('Assign Conversation'), (target, flows) => flows.assign(target, email))),
    register('hiver.editTags', (arg, choice) =>
      withTarget(arg, t('Edit Conversation Tags'), (target, flows) => flows.editTags(target, typeof choice === 'object' && choice !== null ? (choice as Partial<TagChoice>) : undefined)),
    ),
    // `options.sendAnyway`: send a text that may already be in Hiver (refused without it).
    register('hiver.addNote', (arg, note, options) =>
      withTarget(arg, t('Add Note'), async (target, flows) => {
        if (note === undefined) return openPanel(panels, target, 'note');
        const draft = features().parseNoteDraft(note);
        return draft ? flows.sendNote(target, draft, sendOptions(options)) : invalid();
      }),
    ),
    register('hiver.createSharedDraft', (arg, reply, options) =>
      withTarget(arg, t('Create Shared Draft'), async (target, flows) => {
        if (reply === undefined) return openPanel(panels, target, 'draft');
        const draft = features().parseReplyDraft(reply);
        return draft ? flows.sendSharedDraft(target, draft, sendOptions(options)) : invalid();
      }),
    ),
    register('hiver.openInHiver', (arg, kind) => withTarget(arg, t('Open in Hiver'), (target, flows) => flows.openInHiver(target, which(kind)))),
    register('hiver.copyPermalink', (arg, kind) => withTarget(arg, t('Copy Permalink'), (target, flows) => flows.copyPermalink(target, which(kind)))),
  );
}

async function openPanel(panels: DetailPanels, target: ConversationTarget, focus: 'note' | 'draft'): Promise<Outcome> {
  try {
    await panels.conversations.open(target, focus);
    return { ok: true, value: undefined };
  } catch (error) {
    void showError('{0}', describeError(error));
    return { ok: false, message: describeError(error) };
  }
}

function sendOptions(options: unknown): { sendAnyway: boolean } {
  return { sendAnyway: (options as { sendAnyway?: unknown } | undefined)?.sendAnyway === true };
}

function invalid(): Outcome<never> {
  return { ok: false, message: vscode.l10n.t('The note or draft given to the command is not valid.') };
}
