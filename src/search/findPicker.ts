// The QuickPick behind "Find User by Email" and "Find Tag by Name": it matches what is loaded
// while the user types (no requests), and offers one item that asks every inbox.
import * as vscode from 'vscode';
import { createQuickPick } from '../common/quickInputs';
import { chosenRow, replaceRows } from '../common/pickerRows';
import type { HiverModel } from '../model/hiverModel';
import type { Inbox, InboxUser, Tag } from '../hiver/models';
import { describeError } from '../common/errors';
import { searchLoaded, type SearchHit, type SearchKind } from './loadedSearch';
import { looksLikeEmail, userName } from '../common/users';
import { loadEveryInbox, searchServer, type ServerSearchResult } from './serverSearch';
import { labelText, pickText } from '../common/display';

type PickItem = vscode.QuickPickItem &
  (
    | { action: 'open'; hit: SearchHit }
    | { action: 'server'; query: string; inboxes?: Inbox[] }
    | { action: 'none' }
  );

const texts = {
  users: {
    title: () => vscode.l10n.t('Find User by Email'),
    placeholder: () => vscode.l10n.t('Type a name or email to match loaded users; a full email can be looked up in every inbox'),
    nothingLoaded: () => vscode.l10n.t('No users are loaded yet: type a full email to look it up in every inbox'),
    needEmail: () => vscode.l10n.t('Hiver finds users by their exact email: type a full email to look it up in every inbox'),
    noHits: (query: string, count: number) =>
      count === 1 ? vscode.l10n.t('No user with the email "{0}" in the inbox', query) : vscode.l10n.t('No user with the email "{0}" in any of the {1} inboxes', query, count),
  },
  tags: {
    title: () => vscode.l10n.t('Find Tag by Name'),
    placeholder: () => vscode.l10n.t('Type a tag name to match loaded tags, or look it up in every inbox'),
    nothingLoaded: () => vscode.l10n.t('No tags are loaded yet: type a name to look it up in every inbox'),
    needEmail: () => '',
    noHits: (query: string, count: number) =>
      count === 1 ? vscode.l10n.t('No tag named like "{0}" in the inbox', query) : vscode.l10n.t('No tag named like "{0}" in any of the {1} inboxes', query, count),
  },
};

const separator = (label: string): PickItem => ({ label, kind: vscode.QuickPickItemKind.Separator, action: 'none' });

export function hitItem(hit: SearchHit): PickItem {
  const inboxName = pickText(labelText(hit.inbox.displayName));
  if (hit.kind === 'users') {
    const user = hit.item as InboxUser;
    return {
      label: pickText(labelText(userName(user))),
      description: `${pickText(labelText(user.email))} · ${inboxName}`,
      iconPath: new vscode.ThemeIcon('person'),
      alwaysShow: true,
      action: 'open',
      hit,
    };
  }
  const tag = hit.item as Tag;
  return { label: pickText(labelText(tag.name)), description: inboxName, iconPath: new vscode.ThemeIcon('tag'), alwaysShow: true, action: 'open', hit };
}

/**
 * The one item that spends requests: one per inbox, so it says how many when it knows. The typed
 * text stays out of its label: VS Code sorts rows whose label matches the filter first, and this
 * row would then push an exact loaded match down, so Enter would ask every inbox instead.
 */
function serverItem(model: HiverModel, query: string): PickItem {
  const known = model.inboxes.loaded && !model.inboxes.hasMore ? model.inboxes.size : undefined;
  const cost =
    known === undefined ? vscode.l10n.t('one request per inbox') : known === 1 ? vscode.l10n.t('1 request') : vscode.l10n.t('{0} requests, one per inbox', known);
  return {
    label: `$(search) ${vscode.l10n.t('Search every inbox')}`,
    description: vscode.l10n.t('for "{0}" · {1}', pickText(labelText(query)), cost),
    alwaysShow: true,
    action: 'server',
    query,
  };
}

/** Items for what the model holds, plus the server item when the text allows one. */
function loadedItems(model: HiverModel, kind: SearchKind, value: string): PickItem[] {
  const query = value.trim();
  const { hits, total } = searchLoaded(model, kind, query);
  const items: PickItem[] = [];
  if (hits.length > 0) {
    items.push(separator(total > hits.length ? vscode.l10n.t('{0} of {1} loaded matches: type more to narrow', hits.length, total) : vscode.l10n.t('Loaded')));
    items.push(...hits.map(hitItem));
  }
  const canAsk = kind === 'tags' ? query !== '' : looksLikeEmail(query);
  if (canAsk) {
    const server = [separator(vscode.l10n.t('Hiver')), serverItem(model, query)];
    // An exact loaded match comes first; otherwise asking Hiver is what Enter should do.
    const exact = hits.some((hit) => (kind === 'users' ? (hit.item as InboxUser).email : (hit.item as Tag).name).toLowerCase() === query.toLowerCase());
    if (exact) items.push(...server);
    else items.unshift(...server);
  } else if (kind === 'users' && query !== '' && hits.length === 0) {
    items.push({ label: `$(info) ${texts.users.needEmail()}`, alwaysShow: true, action: 'none' });
  } else if (query === '' && hits.length === 0) {
    items.push({ label: `$(info) ${texts[kind].nothingLoaded()}`, alwaysShow: true, action: 'none' });
  }
  return items;
}

/** Items for a server search's answers so far: hits with their inbox, then what failed. */
function serverItems(kind: SearchKind, query: string, result: ServerSearchResult<SearchKind>, inboxCount: number, done: boolean): PickItem[] {
  const items: PickItem[] = [separator(vscode.l10n.t('Found in Hiver'))];
  items.push(...result.hits.map(hitItem));
  if (!done && result.hits.length === 0) {
    items.push({ label: `$(loading~spin) ${vscode.l10n.t('Asking each inbox in turn…')}`, alwaysShow: true, action: 'none' });
  }
  if (done && result.hits.length === 0 && result.failures.length === 0 && result.notSearched.length === 0) {
    items.push({ label: `$(info) ${texts[kind].noHits(pickText(labelText(query)), inboxCount)}`, alwaysShow: true, action: 'none' });
  }
  if (result.failures.length > 0 || result.notSearched.length > 0) {
    items.push(separator(vscode.l10n.t('Not searched')));
    for (const failure of result.failures) {
      items.push({
        label: `$(warning) ${pickText(labelText(failure.inbox.displayName))}`,
        description: vscode.l10n.t('Select to try again'),
        detail: pickText(labelText(failure.message)),
        alwaysShow: true,
        action: 'server',
        query,
        inboxes: [failure.inbox],
      });
    }
    if (result.notSearched.length > 0) {
      items.push({
        label: `$(circle-slash) ${result.notSearched.length === 1 ? vscode.l10n.t('1 inbox not searched') : vscode.l10n.t('{0} inboxes not searched', result.notSearched.length)}`,
        description: vscode.l10n.t('Select to search them'),
        alwaysShow: true,
        action: 'server',
        query,
        inboxes: result.notSearched,
      });
    }
  }
  return items;
}

/**
 * Shows the picker and resolves with the chosen hit (undefined when dismissed). Hiding it
 * cancels a running server search: the requests not yet sent are never sent.
 */
export function pickSearchHit(model: HiverModel, kind: SearchKind): Promise<SearchHit | undefined> {
  const pick = createQuickPick<PickItem>();
  const title = texts[kind].title();
  pick.title = title;
  pick.placeholder = texts[kind].placeholder();
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const showRows = replaceRows(pick, () => separator(''));
  showRows(loadedItems(model, kind, ''));

  let search: AbortController | undefined;
  const stopSearch = () => {
    search?.abort();
    search = undefined;
    pick.busy = false;
    pick.title = title;
  };

  const runServerSearch = async (query: string, onlyInboxes?: Inbox[], earlier: SearchHit[] = []) => {
    stopSearch();
    const controller = new AbortController();
    search = controller;
    pick.busy = true;
    const current = () => search === controller;
    try {
      pick.title = vscode.l10n.t('{0}: loading the inbox list…', title);
      showRows(serverItems(kind, query, { hits: earlier, failures: [], notSearched: [], cancelled: false }, 0, false));
      const inboxes = onlyInboxes ?? (await loadEveryInbox(model, controller.signal));
      const result = await searchServer(model, kind, query, inboxes, {
        signal: controller.signal,
        onProgress: (done, total, inbox) => {
          if (current()) pick.title = vscode.l10n.t('{0}: searching {1} ({2} of {3})…', title, pickText(labelText(inbox.displayName)), done + 1, total);
        },
        onResult: (partial) => {
          if (current()) showRows(serverItems(kind, query, { ...partial, hits: [...earlier, ...partial.hits] }, inboxes.length, false));
        },
      });
      if (!current()) return;
      showRows(serverItems(kind, query, { ...result, hits: [...earlier, ...result.hits] }, model.inboxes.size, true));
    } catch (error) {
      if (!current()) return;
      showRows([
        { label: `$(error) ${vscode.l10n.t('Could not load the inbox list')}`, detail: pickText(labelText(describeError(error))), alwaysShow: true, action: 'none' },
        serverItem(model, query),
      ]);
    } finally {
      if (current()) stopSearch();
    }
  };

  return new Promise<SearchHit | undefined>((resolve) => {
    let chosen: SearchHit | undefined;
    pick.onDidChangeValue((value) => {
      // Typing again leaves the server's answer and goes back to matching what is loaded.
      stopSearch();
      showRows(loadedItems(model, kind, value));
    });
    pick.onDidAccept(() => {
      const item = chosenRow(pick);
      if (!item) return;
      if (item.action === 'open') {
        chosen = item.hit;
        pick.hide();
      } else if (item.action === 'server') {
        // A retry keeps the hits the other inboxes already gave.
        const earlier = item.inboxes ? pick.items.filter((i): i is PickItem & { action: 'open' } => i.action === 'open').map((i) => i.hit) : [];
        void runServerSearch(item.query, item.inboxes, earlier);
      }
    });
    pick.onDidHide(() => {
      stopSearch();
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
  });
}
