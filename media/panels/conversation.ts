// The conversation panel's webview: details as the server accepted them, triage buttons (they
// run the same QuickPicks as the commands, on the host), a note composer with @mention
// completion and replies to earlier notes, and a shared-draft composer.
// The host owns the composers (src/conversations/composer.ts): this webview shows exactly the
// state it sends (on start, which includes being shown again after hidden and a restore, and on
// every change), and sends typed text to the host as you type, tagged with the revision it
// showed. Nothing typed is kept in the webview's own state: a hidden webview misses messages,
// so its state could be older than the host's (and bring back a note already sent).
// Native textarea/select/checkbox (styled from theme variables) because the mention completion
// needs the caret position, which vscode-elements' shadow-DOM fields do not expose.
import type { ConversationHostMessage, ConversationView } from '../../src/panels/kinds/conversationView';
import type { ComposerKind, NoteDraft, ReplyDraft } from '../../src/conversations/draftStore';
import type { ComposerSnapshot } from '../../src/conversations/composerSnapshot';
import { MAX_TEXT_LENGTH } from '../../src/conversations/textLimits';
import { insertMention, matchMembers, mentionQueryAt } from '../../src/conversations/mentions';
import { safeCssColor } from '../../src/common/colors';
import { button, clipped, copyButton, errorText, fieldRow, h, replaceChildren, showLoadStatus, warningBox } from './common/dom';
import { labelText } from '../../src/common/display';
import { post, start } from './common/webview';

interface ComposeValues {
  note: NoteDraft;
  draft: ReplyDraft;
}

const root = document.getElementById('root') as HTMLElement;
const details = h('div', { id: 'details' });
const statusLine = h('p', { class: 'status', role: 'status' });
const actionLine = h('p', { class: 'status', id: 'action-status', role: 'status' });
let view: ConversationView | undefined;
let composers: Composers | undefined;
/** A focus request that came before the first data (the composers do not exist yet). */
let focusWhenBuilt: 'note' | 'draft' | undefined;
/** Composer states that came before the first data. */
const pendingStates: ComposerSnapshot[] = [];

function tagChip(tag: ConversationView['tags'][number]): HTMLElement {
  const chip = clipped('span', { class: 'chip', 'data-tag-id': tag.id }, tag.name);
  // Colours arrive validated (hex only) and are set as style properties, never as markup.
  if (tag.color) {
    chip.style.setProperty('--chip-bg', safeCssColor(tag.color) ?? 'transparent');
    chip.style.setProperty('--chip-fg', tag.textColor === '#000000' ? '#000000' : '#ffffff');
    chip.classList.add('coloured');
  }
  return chip;
}

/** The warning drawn last, so an unchanged one is not announced again. */
let shownWarning: string | undefined;
/** The toolbar button that is its one tab stop (its `data-key`), kept across re-renders. */
let toolbarStop: string | undefined;

/**
 * The ARIA toolbar pattern: one tab stop (a roving tabindex), Left/Right/Home/End move focus
 * between the buttons. A screen reader announces a toolbar as such, so its keys must work.
 */
function rovingToolbar(toolbar: HTMLElement): void {
  const items = Array.from(toolbar.children) as (HTMLElement & { updateComplete?: Promise<unknown> })[];
  const makeStop = (stop: HTMLElement) => {
    toolbarStop = stop.dataset.key;
    for (const item of items) item.tabIndex = item === stop ? 0 : -1;
  };
  // A vscode-button sets its own tabindex on its first render: set ours after it.
  void Promise.all(items.map((item) => item.updateComplete)).then(() => makeStop(items.find((item) => item.dataset.key === toolbarStop) ?? items[0]));
  toolbar.addEventListener('focusin', (event) => {
    if (items.includes(event.target as HTMLElement)) makeStop(event.target as HTMLElement);
  });
  toolbar.addEventListener('keydown', (event) => {
    const index = items.indexOf(event.target as HTMLElement);
    const next = ({ ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: items.length - 1 } as Record<string, number>)[event.key];
    if (index < 0 || next === undefined) return;
    event.preventDefault();
    items[(next + items.length) % items.length].focus();
  });
}

function renderDetails(data: ConversationView): void {
  const l = data.labels;
  const action = (label: string, name: string, secondary = true) =>
    button(label, () => post({ type: 'action', action: name }), { secondary });
  const toolbar = h(
    'div',
    { class: 'toolbar actions', role: 'toolbar', 'aria-label': l.actions },
    action(l.setStatus, 'setStatus', false),
    action(l.assign, 'assign', false),
    action(l.tags, 'editTags', false),
    action(l.newTag, 'newTag'),
    action(l.openInHiver, 'openInHiver'),
    action(l.copyPermalink, 'copyPermalink'),
    button(l.refresh, () => post({ type: 'refresh' }), { secondary: true }),
  );
  rovingToolbar(toolbar);
  const links = data.links.map((link) =>
    h(
      'div',
      { class: 'link' },
      h('span', { class: 'link-label' }, link.label),
      clipped('span', { class: 'value mono' }, link.url),
      link.openable ? button(l.open, () => post({ type: 'openExternal', url: link.url }), { secondary: true, title: `${l.open} ${link.what}` }) : undefined,
      copyButton(link.url, link.what, l.copy),
    ),
  );
  replaceChildren(
    details,
    h(
      'header',
      {},
      h('h1', { title: labelText(data.heading, Infinity) }, labelText(data.heading), h('span', { class: `badge status-${/^[a-z]+$/.test(data.status.value) ? data.status.value : 'other'}` }, labelText(data.status.label))),
      clipped('p', { class: 'subheading' }, data.subheading),
    ),
    data.warning ? warningBox(data.warning, shownWarning, h('p', {}, data.warning)) : undefined,
    statusLine,
    toolbar,
    actionLine,
    h('section', { class: 'tags' }, h('h2', {}, l.tagsHeading), data.tags.length ? h('div', { class: 'chips' }, ...data.tags.map(tagChip)) : h('p', { class: 'muted' }, l.noTags)),
    ...data.sections.map((section) => h('section', {}, h('h2', {}, section.heading), h('dl', {}, ...section.fields.flatMap((f) => fieldRow(f, l.copy))))),
    data.messages ? undefined : h('p', { class: 'muted' }, l.messagesUnknown),
    links.length ? h('section', {}, h('h2', {}, l.links), ...links) : undefined,
  );
  shownWarning = data.warning;
}

/** The two composers: built once, so typing is never interrupted by a re-render. */
class Composers {
  readonly element: HTMLElement;
  private readonly noteText = h('textarea', { id: 'note-text', rows: '5' });
  private readonly mentionList = h('ul', { id: 'mention-list', role: 'listbox', class: 'mentions', hidden: '' });
  private readonly notifyAll = h('input', { type: 'checkbox', id: 'note-notify-all' });
  private readonly parent = h('select', { id: 'note-parent' });
  private readonly sentList = h('div', { class: 'sent-notes' });
  private readonly memberHint = h('p', { class: 'hint', id: 'note-mention-hint' });
  private readonly noteStatus = h('p', { class: 'send-status', role: 'status', id: 'note-status' });
  private readonly noteButton: HTMLElement;
  private readonly noteAnyway: HTMLElement;
  private readonly draftBody = h('textarea', { id: 'draft-body', rows: '6' });
  private readonly replyType = h('select', { id: 'draft-reply-type' });
  private readonly replyTo = h('select', { id: 'draft-reply-to' });
  private readonly draftStatus = h('p', { class: 'send-status', role: 'status', id: 'draft-status' });
  private readonly draftButton: HTMLElement;
  private readonly draftAnyway: HTMLElement;
  private mention: { start: number; end: number; matches: ConversationView['members']; active: number } | undefined;
  private saveTimers: Partial<Record<ComposerKind, ReturnType<typeof setTimeout>>> = {};
  /**
   * A kept draft's message to reply to, held while the panel does not list the conversation's
   * messages yet (read failed, or not read): the list then comes, and must not pick another.
   */
  private pendingReplyTo: string | undefined;
  /** The host's state last shown, per composer; undefined until the host sent it (the fields stay locked). */
  private readonly shown: Partial<Record<ComposerKind, ComposerSnapshot>> = {};

  constructor(data: ConversationView) {
    const l = data.labels;
    this.noteText.setAttribute('placeholder', l.notePlaceholder);
    this.noteText.setAttribute('aria-label', l.noteText);
    // The ARIA 1.2 combobox: without the role, screen readers ignore aria-activedescendant and
    // never read the highlighted suggestion.
    this.noteText.setAttribute('role', 'combobox');
    this.noteText.setAttribute('aria-autocomplete', 'list');
    this.noteText.setAttribute('aria-expanded', 'false');
    this.noteText.setAttribute('aria-controls', 'mention-list');
    // The hints under a field are read with it.
    this.noteText.setAttribute('aria-describedby', 'note-max note-mention-hint');
    this.draftBody.setAttribute('aria-label', l.draftBody);
    this.draftBody.setAttribute('aria-describedby', 'draft-max');
    // The replies offered are only the notes sent from here: the hint says why.
    this.parent.setAttribute('aria-describedby', 'notes-hint');
    // The same limit the host enforces before sending (one constant), and said under the field.
    for (const text of [this.noteText, this.draftBody]) text.setAttribute('maxlength', String(MAX_TEXT_LENGTH));
    this.noteButton = button(l.addNote, () => this.send('note', false));
    this.noteButton.id = 'note-send';
    this.noteAnyway = button(l.sendAnyway, () => this.send('note', true), { secondary: true });
    this.noteAnyway.id = 'note-send-anyway';
    this.draftButton = button(l.createDraft, () => this.send('draft', false));
    this.draftButton.id = 'draft-send';
    this.draftAnyway = button(l.sendAnyway, () => this.send('draft', true), { secondary: true });
    this.draftAnyway.id = 'draft-send-anyway';
    this.element = h(
      'div',
      { id: 'compose' },
      h(
        'section',
        { class: 'notes', id: 'notes' },
        h('h2', {}, l.notes),
        h('p', { class: 'hint', id: 'notes-hint' }, l.sentNotesHint),
        this.sentList,
        h('label', { for: 'note-text', class: 'field-label' }, l.noteText),
        h('div', { class: 'mention-wrap' }, this.noteText, this.mentionList),
        h('p', { class: 'hint', id: 'note-max' }, l.maxLength),
        this.memberHint,
        h('label', { class: 'check' }, this.notifyAll, l.notifyAll),
        h('label', { class: 'field-label', for: 'note-parent' }, l.replyToNote),
        this.parent,
        h('div', { class: 'send-row' }, this.noteButton, this.noteAnyway, this.noteStatus),
      ),
      h(
        'section',
        { class: 'draft', id: 'draft' },
        h('h2', {}, l.draftHeading),
        h('p', { class: 'explain' }, l.draftExplain),
        h('label', { for: 'draft-body', class: 'field-label' }, l.draftBody),
        this.draftBody,
        h('p', { class: 'hint', id: 'draft-max' }, l.maxLength),
        h('div', { class: 'row' },
          h('label', { class: 'field-label', for: 'draft-reply-type' }, l.replyType, this.replyType),
          h('label', { class: 'field-label', for: 'draft-reply-to' }, l.replyToMessage, this.replyTo),
        ),
        h('div', { class: 'send-row' }, this.draftButton, this.draftAnyway, this.draftStatus),
      ),
    );
    for (const option of data.replyTypes) this.replyType.append(h('option', { value: option.value }, option.label));
    this.update(data);

    this.noteText.addEventListener('input', () => {
      this.changed('note');
      this.updateMentions();
    });
    this.noteText.addEventListener('click', () => this.updateMentions());
    this.noteText.addEventListener('keydown', (event) => this.mentionKey(event));
    this.noteText.addEventListener('blur', () => setTimeout(() => this.hideMentions(), 150));
    this.notifyAll.addEventListener('change', () => this.changed('note'));
    this.parent.addEventListener('change', () => this.changed('note'));
    for (const input of [this.draftBody, this.replyType, this.replyTo]) input.addEventListener('input', () => this.changed('draft'));
    this.replyType.addEventListener('change', () => this.changed('draft'));
    this.replyTo.addEventListener('change', () => this.changed('draft'));
  }

  /** New data from the host: refresh the option lists, keep what is typed and chosen. */
  update(data: ConversationView): void {
    const l = data.labels;
    const parentValue = this.parent.value;
    replaceChildren(this.parent, h('option', { value: '' }, l.noParent), ...data.sentNotes.map((n) => h('option', { value: n.id }, `${n.when} · ${excerpt(n.content)}`)));
    if (hasOption(this.parent, parentValue)) this.parent.value = parentValue;

    const replyValue = this.pendingReplyTo ?? this.replyTo.value;
    const messages = data.messages ?? [];
    replaceChildren(this.replyTo, h('option', { value: '' }, data.messages ? l.chooseMessage : l.messagesUnknown), ...messages.map((m) => h('option', { value: m.value }, labelText(m.label))));
    if (messages.some((m) => m.value === replyValue)) this.replyTo.value = replyValue;
    else if (!replyValue && messages.length > 0) this.replyTo.value = messages[messages.length - 1].value;
    // Listed now: the kept choice is shown, or (its message gone) the user chooses again.
    if (data.messages) this.pendingReplyTo = undefined;

    replaceChildren(
      this.sentList,
      ...(data.sentNotes.length === 0
        ? [h('p', { class: 'muted' }, l.noSentNotes)]
        : data.sentNotes.map((note) =>
            h(
              'article',
              { class: 'sent-note', 'data-note-id': note.id },
              h('p', { class: 'meta' }, `${note.when} · ${l.by} ${note.author}`, note.parentId ? ` · ↳ ${excerptOf(data, note.parentId)}` : ''),
              h('p', { class: 'content' }, note.content),
            ),
          )),
    );
    this.memberHint.textContent = data.membersComplete ? l.mentionHint : `${l.mentionHint} ${l.membersPartial}`;
    for (const kind of ['note', 'draft'] as const) this.lock(kind);
  }

  focus(kind: 'note' | 'draft'): void {
    const field = kind === 'note' ? this.noteText : this.draftBody;
    field.scrollIntoView({ block: 'center' });
    field.focus();
  }

  /**
   * The host's state of one composer. Its text replaces the fields only when the host changed
   * the composer since the panel last showed it (a new revision); otherwise what is being typed
   * stays, and only the line under it and the buttons follow.
   */
  show(state: ComposerSnapshot): void {
    const kind = state.kind;
    if (state.revision !== this.shown[kind]?.revision) {
      clearTimeout(this.saveTimers[kind]);
      this.saveTimers[kind] = undefined;
      this.fill(kind, state.value);
    }
    this.shown[kind] = state;
    this.lock(kind);
    const l = view?.labels;
    const status = kind === 'note' ? this.noteStatus : this.draftStatus;
    status.classList.toggle('error', state.notice?.error === true);
    status.textContent = state.phase === 'sending' ? (l?.sending ?? '…') : errorText(state.notice?.text ?? '');
  }

  /** Fields locked while sending (and until the host's state came); Send Anyway only for a text that may have been sent. */
  private lock(kind: ComposerKind): void {
    const phase = this.shown[kind]?.phase;
    const locked = phase === undefined || phase === 'sending';
    const fields = kind === 'note' ? [this.noteText, this.notifyAll, this.parent] : [this.draftBody, this.replyType, this.replyTo];
    for (const field of fields) {
      if (field instanceof HTMLTextAreaElement) field.readOnly = locked;
      else field.toggleAttribute('disabled', locked || (field === this.replyTo && !view?.messages));
    }
    const [sendButton, anyway] = kind === 'note' ? [this.noteButton, this.noteAnyway] : [this.draftButton, this.draftAnyway];
    sendButton.toggleAttribute('disabled', phase !== 'editing');
    anyway.hidden = phase !== 'unconfirmed';
  }

  private values(): ComposeValues {
    return {
      note: { content: this.noteText.value, mentions: [], notifyAll: this.notifyAll.checked, parentNoteId: this.parent.value || undefined },
      draft: { body: this.draftBody.value, replyType: this.replyType.value || 'reply', replyTo: this.replyTo.value || this.pendingReplyTo || undefined },
    };
  }

  /** Sets the fields to the host's text (empty when it holds none). */
  private fill(kind: ComposerKind, value: NoteDraft | ReplyDraft | undefined): void {
    if (kind === 'note') {
      const note = value as NoteDraft | undefined;
      this.noteText.value = note?.content ?? '';
      this.notifyAll.checked = note?.notifyAll ?? false;
      this.parent.value = note?.parentNoteId && hasOption(this.parent, note.parentNoteId) ? note.parentNoteId : '';
    } else {
      const draft = value as ReplyDraft | undefined;
      this.draftBody.value = draft?.body ?? '';
      this.replyType.value = draft && hasOption(this.replyType, draft.replyType) ? draft.replyType : 'reply';
      this.pendingReplyTo = undefined;
      if (draft?.replyTo && hasOption(this.replyTo, draft.replyTo)) this.replyTo.value = draft.replyTo;
      else if (draft?.replyTo && !view?.messages) this.pendingReplyTo = draft.replyTo;
    }
  }

  /** Sends any save still waiting (the panel is losing focus, perhaps to be hidden or closed). */
  flush(): void {
    for (const kind of ['note', 'draft'] as const) {
      if (this.saveTimers[kind] === undefined) continue;
      clearTimeout(this.saveTimers[kind]);
      this.saveTimers[kind] = undefined;
      this.save(kind);
    }
  }

  /** To the host shortly after typing stops (it keeps the text in workspace storage). */
  private changed(kind: ComposerKind): void {
    clearTimeout(this.saveTimers[kind]);
    this.saveTimers[kind] = setTimeout(() => {
      this.saveTimers[kind] = undefined;
      this.save(kind);
    }, 300);
  }

  private save(kind: ComposerKind): void {
    const shown = this.shown[kind];
    if (shown) post({ type: 'saveDraft', kind, value: this.values()[kind], revision: shown.revision });
  }

  /** The host decides (it refuses a send made on an older state, or an unconfirmed one without Send Anyway). */
  private send(kind: ComposerKind, sendAnyway: boolean): void {
    const shown = this.shown[kind];
    if (!shown || shown.phase === 'sending' || (shown.phase === 'unconfirmed' && !sendAnyway)) return;
    clearTimeout(this.saveTimers[kind]);
    this.saveTimers[kind] = undefined;
    this.hideMentions();
    post({ type: 'send', kind, value: this.values()[kind], revision: shown.revision, sendAnyway });
  }

  private updateMentions(): void {
    const members = view?.members ?? [];
    const query = mentionQueryAt(this.noteText.value, this.noteText.selectionStart ?? 0);
    const matches = query ? matchMembers(members, query.query) : [];
    if (!query || matches.length === 0) return this.hideMentions();
    this.mention = { start: query.start, end: query.end, matches, active: 0 };
    this.drawMentions();
  }

  private drawMentions(): void {
    const mention = this.mention;
    if (!mention) return;
    replaceChildren(
      this.mentionList,
      ...mention.matches.map((member, index) => {
        const name = `${member.firstName} ${member.lastName}`.trim();
        const item = h('li', { role: 'option', id: `mention-${index}`, 'aria-selected': String(index === mention.active), 'data-email': member.email }, clipped('span', { class: 'name' }, name || member.email), clipped('span', { class: 'email' }, member.email));
        item.addEventListener('mousedown', (event) => {
          event.preventDefault();
          this.pickMention(index);
        });
        return item;
      }),
    );
    this.mentionList.hidden = false;
    this.noteText.setAttribute('aria-expanded', 'true');
    this.noteText.setAttribute('aria-activedescendant', `mention-${mention.active}`);
  }

  private hideMentions(): void {
    this.mention = undefined;
    this.mentionList.hidden = true;
    this.noteText.setAttribute('aria-expanded', 'false');
    this.noteText.removeAttribute('aria-activedescendant');
  }

  private mentionKey(event: KeyboardEvent): void {
    const mention = this.mention;
    if (!mention) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      mention.active = (mention.active + (event.key === 'ArrowDown' ? 1 : -1) + mention.matches.length) % mention.matches.length;
      this.drawMentions();
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      this.pickMention(mention.active);
    } else if (event.key === 'Escape') {
      this.hideMentions();
    } else return;
    event.preventDefault();
    event.stopPropagation();
  }

  /** Writes the bare email in place of "@query": Hiver renders it as @name. */
  private pickMention(index: number): void {
    const mention = this.mention;
    const member = mention?.matches[index];
    if (!mention || !member) return;
    const result = insertMention(this.noteText.value, mention, member.email);
    this.noteText.value = result.text;
    this.noteText.setSelectionRange(result.caret, result.caret);
    this.hideMentions();
    this.noteText.focus();
    this.changed('note');
  }
}

function hasOption(select: HTMLSelectElement, value: string): boolean {
  return Array.from(select.options).some((option) => option.value === value);
}

function excerpt(text: string, max = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function excerptOf(data: ConversationView, noteId: string): string {
  const parent = data.sentNotes.find((n) => n.id === noteId);
  return parent ? excerpt(parent.content, 40) : `#${noteId}`;
}

function render(data: ConversationView): void {
  view = data;
  renderDetails(data);
  if (!composers) {
    composers = new Composers(data);
    replaceChildren(root, details, composers.element);
    for (const state of pendingStates.splice(0)) composers.show(state);
    if (focusWhenBuilt) composers.focus(focusWhenBuilt);
    focusWhenBuilt = undefined;
  } else composers.update(data);
}

start<ConversationView>({
  render,
  status: (loading, error) => showLoadStatus(statusLine, root, loading, error, view?.labels),
  onMessage(message) {
    const typed = message as ConversationHostMessage;
    switch (typed.type) {
      case 'focusComposer':
        if (composers) composers.focus(typed.kind);
        else focusWhenBuilt = typed.kind;
        break;
      case 'composer':
        if (composers) composers.show(typed.state);
        else pendingStates.push(typed.state);
        break;
      case 'actionState':
        actionLine.classList.toggle('error', typed.error !== undefined);
        actionLine.textContent = typed.busy ? (view?.labels.loading ?? '…') : errorText(typed.error ?? '');
        break;
    }
  },
});
// Clicking outside the webview (e.g. on the tab's close button) blurs it first: save now.
window.addEventListener('blur', () => composers?.flush());
// A shortcut (Ctrl+W, Reload Window) may close the panel without taking focus from it: save
// first. Its keydown reaches VS Code after this message, so the host has the text in time.
window.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) composers?.flush();
}, true);
post({ type: 'composerReady' });
