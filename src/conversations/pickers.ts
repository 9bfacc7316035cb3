// The QuickPicks of conversation triage: status, assignee (by name or email), tags (apply and
// remove in one step, or a new tag) and the new tag's name, colour and description; and the
// member picker of Choose Who I Am.
import * as vscode from 'vscode';
import { createQuickPick, showInputBox, showQuickPick } from '../common/quickInputs';
import { chosenRow, emptySeparator, isSeparator } from '../common/pickerRows';
import type { HiverSession } from '../session';
import type { InboxUser, NewTag, Tag } from '../hiver/models';
import type { GroupKind } from '../model/hiverModel';
import { describeError, isCancellation } from '../common/errors';
import { labelText, pickText } from '../common/display';
import { statusLabel } from '../tree/conversationLabels';
import { looksLikeEmail, userName } from '../common/users';
import { normaliseHexColor } from '../common/colors';
import { SETTABLE_STATUSES, SettableStatus, KnownConversation, sameStatus } from './conversationActions';

const t = vscode.l10n.t;

export async function pickStatus(current: KnownConversation): Promise<SettableStatus | undefined> {
  const icons: Record<SettableStatus, string> = { open: '$(issues)', pending: '$(clock)', closed: '$(pass)' };
  const items = SETTABLE_STATUSES.map((status) => ({
    label: `${icons[status]} ${statusLabel(status)}`,
    description: sameStatus(current.status, status) ? t('current') : undefined,
    status,
  }));
  const picked = await showQuickPick(items, {
    title: t('Set Status of Conversation {0}', current.id),
    placeHolder: t('Currently {0}', statusLabel(current.status)),
  });
  return picked?.status;
}

/**
 * Keeps loading the rest of an inbox's users or tags while a picker is open (one page at a
 * time through the queue, stopped when the picker closes), so every member can be found.
 */
function loadRestWhileOpen(session: HiverSession, inboxId: string, kind: GroupKind, picker: vscode.QuickPick<vscode.QuickPickItem>, update: () => void): AbortController {
  const abort = new AbortController();
  const ref = { kind, inboxId };
  void (async () => {
    picker.busy = true;
    try {
      await session.model.loadRest(ref, { priority: 'user', signal: abort.signal, onPage: update });
    } catch (error) {
      if (!isCancellation(error) && !abort.signal.aborted) picker.placeholder = t('Could not load all of them: {0}', pickText(describeError(error)));
    } finally {
      picker.busy = false;
    }
  })();
  return abort;
}

type UserItem = vscode.QuickPickItem & { email?: string; typedSlot?: true };

/** A member as a QuickPick item; names and emails are API text, so they go through pickText. */
export function assigneeItem(user: InboxUser, currentAssigneeId: string | undefined): UserItem {
  return {
    label: pickText(labelText(userName(user))),
    description: pickText(labelText(user.email)),
    detail: user.id === currentAssigneeId ? t('currently assigned') : undefined,
    email: user.email,
  };
}

/**
 * A member picked by name or email; a typed email not in the list can be used as it is. Its row
 * has a slot of its own at the top, held by an empty (unseen) separator when there is no such
 * row, so that it coming and going never moves the members' rows (see `itemsInPlace`).
 */
export function pickAssignee(session: HiverSession, inboxId: string, current: KnownConversation): Promise<string | undefined> {
  const picker = createQuickPick<UserItem>();
  picker.title = t('Assign Conversation {0}', current.id);
  picker.placeholder = t('Type a name or an email address');
  picker.matchOnDescription = true;
  const users = () => session.model.list({ kind: 'users', inboxId }).items;
  const typedSlot = (members: UserItem[]): UserItem => {
    const typed = picker.value.trim();
    if (looksLikeEmail(typed) && !members.some((i) => i.email?.toLowerCase() === typed.toLowerCase())) {
      return { label: t('Assign to {0}', typed), description: t('not among the loaded members'), email: typed, alwaysShow: true, typedSlot: true };
    }
    return { ...emptySeparator(), typedSlot: true };
  };
  const update = itemsInPlace(picker, () => {
    const members = users().map((user) => assigneeItem(user, current.assigneeId));
    return [typedSlot(members), ...members];
  }, (item) => (item.typedSlot ? '' : `member ${item.email}`), { dependsOnValue: true });
  update();
  const loading = loadRestWhileOpen(session, inboxId, 'users', picker, update);
  return untilChosen(picker, loading, (items) => items[0]?.email);
}

type MemberItem = vscode.QuickPickItem & { id: string };

/** A member of an inbox picked by name or email; the rest of the members load while it is open. */
export function pickMember(session: HiverSession, inboxId: string, title: string, currentId: string | undefined): Promise<string | undefined> {
  const picker = createQuickPick<MemberItem>();
  picker.title = title;
  picker.placeholder = t('Type a name or an email address');
  picker.matchOnDescription = true;
  const update = itemsInPlace(picker, () => session.model.list({ kind: 'users', inboxId }).items.map((user) => ({
    label: pickText(labelText(userName(user))),
    description: pickText(labelText(user.email)),
    detail: user.id === currentId ? t('chosen now') : undefined,
    id: user.id,
  })), (item) => item.id);
  update();
  const loading = loadRestWhileOpen(session, inboxId, 'users', picker, update);
  return untilChosen(picker, loading, (items) => items[0]?.id);
}

/**
 * Returns a function that gives a single-select picker new items (from `build`), each row at the
 * place it was first shown, and keeps the row the user had highlighted.
 *
 * Places: VS Code (1.100) tells the extension which row is highlighted or chosen by its index in
 * the items it showed, and the extension host reads that index in the items it set last. Enter
 * pressed just before new items reach VS Code would choose whichever row took the index. So
 * rows are named by `key`: a known row keeps its index (with its new content), a new one goes
 * last, and one that `build` no longer gives stays (a list reloaded under an open picker).
 *
 * Highlight: VS Code would highlight the first row again. The extension host hears of typing
 * late. If the user typed while new items were on their way, VS Code may have hidden the kept
 * row by the time they arrive, and then highlights no row at all: Enter would choose nothing.
 * The value change that follows tells of it, and the items then go again without a kept row, so
 * VS Code highlights the first match. They go on a timer of their own: the extension host sends
 * a picker's changes together on a zero timer, with the highlight after the items, so items set
 * at once would go with the kept row if it had not gone out yet. With `dependsOnValue` the items
 * are built anew on every value change (never keeping a row: typing moves to the first match).
 */
export function itemsInPlace<T extends vscode.QuickPickItem>(picker: vscode.QuickPick<T>, build: () => T[], key: (item: T) => string, { dependsOnValue = false } = {}): () => void {
  let shown: T[] = [];
  const arrange = (): T[] => {
    const fresh = new Map<string, T>();
    for (const item of build()) if (!fresh.has(key(item))) fresh.set(key(item), item);
    const placed = new Set(shown.map(key));
    shown = [...shown.map((item) => fresh.get(key(item)) ?? item), ...[...fresh.values()].filter((item) => !placed.has(key(item)))];
    return shown;
  };
  let keptSinceTyping = false;
  picker.onDidChangeValue(() => {
    if (keptSinceTyping || dependsOnValue) setTimeout(() => (picker.items = arrange()));
    keptSinceTyping = false;
  });
  return () => {
    const highlighted = picker.activeItems[0];
    const items = arrange();
    picker.items = items;
    const kept = highlighted && items.find((item) => !isSeparator(item) && key(item) === key(highlighted));
    if (!kept) return;
    picker.activeItems = [kept];
    keptSinceTyping = true;
  };
}

/**
 * Shows the picker; resolves with `read(selected)` on accept, undefined when hidden first.
 * Enter with no row highlighted (nothing matches what was typed) leaves a single-select picker
 * open with the typed text, instead of closing it with nothing chosen; so does an Enter that the
 * extension host reads as a separator (an index from items VS Code showed before, see
 * `itemsInPlace`), or as the row of an earlier Enter (see `chosenRow`).
 */
function untilChosen<T extends vscode.QuickPickItem, R>(picker: vscode.QuickPick<T>, loading: AbortController, read: (selected: readonly T[]) => R): Promise<R | undefined> {
  return new Promise((resolve) => {
    picker.onDidAccept(() => {
      if (!picker.canSelectMany && !chosenRow(picker)) return;
      resolve(read(picker.selectedItems));
      picker.hide();
    });
    picker.onDidHide(() => {
      loading.abort();
      resolve(undefined);
      picker.dispose();
    });
    picker.show();
  });
}

export interface TagChoice {
  toApply: string[];
  toRemove: string[];
  newTag?: NewTag;
}

type TagItem = vscode.QuickPickItem & { tagId?: string; isNew?: boolean };

/** A tag as a QuickPick item; its name and description are API text. */
export function tagItem(tag: Tag): TagItem {
  return { label: pickText(labelText(tag.name)), description: tag.description === undefined ? undefined : pickText(labelText(tag.description)), tagId: tag.id };
}

/** An applied tag that is not loaded: only its id (API text) is known. */
export function missingTagItem(id: string): TagItem {
  return { label: t('tag {0}', pickText(id)), description: t('not loaded'), tagId: id };
}

/** Multi-select showing the current tags as checked; the difference is sent as one change. */
export async function pickTags(session: HiverSession, inboxId: string, current: KnownConversation): Promise<TagChoice | undefined> {
  const picker = createQuickPick<TagItem>();
  picker.canSelectMany = true;
  picker.title = t('Tags of Conversation {0}', current.id);
  picker.placeholder = t('Check the tags to apply, uncheck the ones to remove');
  picker.matchOnDescription = true;
  const newItem: TagItem = { label: t('$(add) New Tag…'), description: t('create a tag in this inbox and apply it'), isNew: true, alwaysShow: true };
  const tags = () => session.model.list({ kind: 'tags', inboxId }).items;
  let selected = new Set(current.tagIds);
  let firstRender = true;
  const update = () => {
    if (!firstRender) selected = new Set(picker.selectedItems.filter((i) => i.tagId).map((i) => i.tagId as string));
    firstRender = false;
    const known = tags();
    // Applied tags that are not loaded still show, so unchecking them is possible.
    const missing = current.tagIds.filter((id) => !known.some((tag) => tag.id === id));
    const items: TagItem[] = [
      newItem,
      emptySeparator(),
      ...known.map(tagItem),
      ...missing.map(missingTagItem),
    ];
    const wasNew = picker.selectedItems.some((i) => i.isNew);
    picker.items = items;
    picker.selectedItems = items.filter((i) => (i.tagId && selected.has(i.tagId)) || (i.isNew && wasNew));
  };
  update();
  const loading = loadRestWhileOpen(session, inboxId, 'tags', picker, update);
  const accepted = await untilChosen(picker, loading, (items) => [...items]);
  if (!accepted) return undefined;
  const chosen = new Set(accepted.filter((i) => i.tagId).map((i) => i.tagId as string));
  const choice: TagChoice = {
    toApply: [...chosen].filter((id) => !current.tagIds.includes(id)),
    toRemove: current.tagIds.filter((id) => !chosen.has(id)),
  };
  if (accepted.some((i) => i.isNew)) {
    choice.newTag = await askNewTag(session, inboxId);
    if (!choice.newTag) return undefined;
  }
  return choice;
}

/** Name, colour (a named one or a hex code, validated) and description of a new tag. */
export async function askNewTag(session: HiverSession, inboxId: string): Promise<NewTag | undefined> {
  const existing = new Set(session.model.list({ kind: 'tags', inboxId }).items.map((tag) => tag.name.trim().toLowerCase()));
  const name = await showInputBox({
    title: t('New Tag (1/3): Name'),
    prompt: t('The tag is created in this inbox and applied to the conversation.'),
    placeHolder: t('e.g. Escalated'),
    validateInput: (value) => {
      if (!value.trim()) return t('A tag needs a name.');
      if (value.trim().length > 100) return t('Keep the name under 100 characters.');
      if (existing.has(value.trim().toLowerCase())) return { message: t('A tag with this name is already loaded; Hiver may refuse a second one.'), severity: vscode.InputBoxValidationSeverity.Warning };
      return undefined;
    },
  });
  if (name === undefined) return undefined;
  const colorHex = await pickColor();
  if (colorHex === undefined) return undefined;
  const description = await showInputBox({ title: t('New Tag (3/3): Description'), prompt: t('Optional; press Enter to skip.') });
  if (description === undefined) return undefined;
  return { name: name.trim(), colorHex, description: description.trim() || undefined };
}

type ColorItem = vscode.QuickPickItem & { hex?: string };

/** A few named colours, or any hex code typed into the filter. */
export function pickColor(): Promise<string | undefined> {
  const named: ColorItem[] = [
    { label: t('Purple'), hex: '#ce93d8' },
    { label: t('Blue'), hex: '#64b5f6' },
    { label: t('Green'), hex: '#81c784' },
    { label: t('Orange'), hex: '#ffb74d' },
    { label: t('Red'), hex: '#e57373' },
    { label: t('Teal'), hex: '#4db6ac' },
    { label: t('Yellow'), hex: '#fff176' },
    { label: t('Grey'), hex: '#90a4ae' },
  ].map((item) => ({ ...item, description: item.hex }));
  const picker = createQuickPick<ColorItem>();
  picker.title = t('New Tag (2/3): Colour');
  picker.placeholder = t('Choose a colour, or type a hex code such as #1e88e5');
  picker.matchOnDescription = true;
  // The typed code's row has a slot of its own on top (an unseen empty separator when there is
  // none), so the named colours never move: VS Code names the chosen row by its index.
  const withTyped = (value: string): ColorItem[] => {
    const hex = normaliseHexColor(value);
    const typed: ColorItem = hex
      ? { label: t('Use {0}', hex), hex, alwaysShow: true }
      : value.trim().startsWith('#')
        ? { label: t('$(warning) A colour is # and 6 (or 3) hex digits, e.g. #1e88e5'), alwaysShow: true }
        : emptySeparator();
    return [typed, ...named];
  };
  picker.items = withTyped('');
  picker.onDidChangeValue((value) => (picker.items = withTyped(value)));
  return new Promise((resolve) => {
    picker.onDidAccept(() => {
      const hex = chosenRow(picker)?.hex;
      if (!hex) return;
      resolve(hex);
      picker.hide();
    });
    picker.onDidHide(() => {
      resolve(undefined);
      picker.dispose();
    });
    picker.show();
  });
}
