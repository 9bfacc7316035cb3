// The note composer when Hiver is slow, as a user meets it: the panel is hidden while its note
// is sending, or the window reloads mid-request. The host owns the composer's state, so the
// panel never brings back a note already sent, and never offers a maybe-sent one as a draft.
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { waitForWorkbench } from '../vscode/browser';
import { COLOR_THEMES, closeAllEditors, expand, openHiverView, openWorkbench, page, runCommand, screenshot, scrollTo, setApiKey, simControl, treeItem, useColorTheme, webviewFrame } from './helpers';

const INBOX = '105';

interface LogEntry {
  method: string;
  path: string;
  status: number;
}

function tab(name: string | RegExp): Locator {
  return page().locator('.tabs-container .tab').filter({ hasText: name }).first();
}

async function notePosts(): Promise<LogEntry[]> {
  const { entries } = (await simControl('GET', 'log')) as { entries: LogEntry[] };
  return entries.filter((e) => e.method === 'POST' && /\/notes$/.test(e.path));
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A fresh simulator and workbench with the inbox's Conversations group open; its ids, newest first (as the group lists them). */
async function openConversationsGroup(): Promise<string[]> {
  await simControl('POST', 'reset');
  const inbox = (await simControl('GET', `inboxes/${INBOX}`)) as { conversations: { id: number }[] };
  const ids = [...inbox.conversations].sort((a, b) => b.id - a.id).map((c) => String(c.id));
  await openWorkbench();
  await openHiverView();
  await setApiKey();
  await treeItem('Engineering Escalations').waitFor({ timeout: 30_000 });
  await expand(treeItem('Engineering Escalations'));
  await expand(page().getByRole('treeitem', { name: /^Conversations/ }).first());
  return ids;
}

describe('UI composer under a slow Hiver', () => {
  let ids: string[];

  before(async () => {
    ids = await openConversationsGroup();
  });

  beforeEach(() => simControl('DELETE', 'log'));
  afterEach(() => simControl('DELETE', 'faults'));

  /** Opens the conversation's panel from its tree row and types a note. */
  async function typeNote(id: string, text: string): Promise<Locator> {
    await treeItem(new RegExp(`\\b${id}\\b`)).click();
    const note = webviewFrame().locator('#note-text');
    await note.waitFor({ timeout: 30_000 });
    await note.scrollIntoViewIfNeeded();
    await note.click();
    await note.pressSequentially(text);
    return note;
  }

  it('a panel hidden while its note is sending shows "Note added." when shown again, and cannot post it twice', async () => {
    const id = ids[0];
    const text = 'Sent while the panel was hidden';
    await typeNote(id, text);
    // Hiver takes 5 s to answer the note.
    await simControl('POST', 'faults', { rules: [{ kind: 'hang', ms: 5000, method: 'POST', pathIncludes: '/notes' }] });
    await webviewFrame().locator('#note-send').click();
    await webviewFrame().locator('#note-status', { hasText: 'Sending…' }).waitFor();

    // Another editor while the POST is pending: the panel is hidden and misses the answer.
    await runCommand('File: New Untitled Text File');
    await webviewFrame().locator('#note-text').waitFor({ state: 'detached' });
    await eventually(async () => (await notePosts()).some((e) => e.status === 201), 'Hiver to accept the note');
    await screenshot('composer hidden during send');

    await tab(`Conversation ${id}`).click();
    const status = webviewFrame().locator('#note-status', { hasText: 'Note added.' });
    await status.waitFor({ timeout: 30_000 });
    const note = webviewFrame().locator('#note-text');
    assert.equal(await note.inputValue(), '', 'the sent text is not back in the composer');
    await screenshot('composer shown again after send');

    await webviewFrame().locator('#note-send').click();
    await webviewFrame().locator('#note-status', { hasText: 'Write the note first.' }).waitFor();
    assert.equal((await notePosts()).length, 1, 'exactly one POST');
    const stored = (await simControl('GET', `conversations/${id}`)) as { notes: { content: string }[] };
    assert.deepEqual(stored.notes.map((n) => n.content), [text]);
    await closeAllEditors();
  });

  it('after a reload during the POST, the note comes back as "may have been sent", with Send Anyway', async () => {
    const id = ids[1];
    const text = 'In flight when the window reloaded';
    await typeNote(id, text);
    // Hiver stores the note and never answers: the reload comes first.
    await simControl('POST', 'faults', { rules: [{ kind: 'hang', method: 'POST', pathIncludes: '/notes', afterProcessing: true }] });
    await webviewFrame().locator('#note-send').click();
    await eventually(async () => (await notePosts()).length === 1, 'the POST to reach Hiver');
    // VS Code for the web writes workspace storage to IndexedDB every 5 s (desktop VS Code on
    // shutdown): wait past one write, as in reload.ui.ts.
    await new Promise((resolve) => setTimeout(resolve, 6000));

    await page().reload();
    await waitForWorkbench(page());
    await tab(`Conversation ${id}`).waitFor({ timeout: 30_000 });
    await tab(`Conversation ${id}`).click();
    const status = webviewFrame().locator('#note-status', { hasText: 'may have been sent: check in Hiver before sending again' });
    await status.waitFor({ timeout: 30_000 });
    const note = webviewFrame().locator('#note-text');
    assert.equal(await note.inputValue(), text, 'the text is kept');
    assert.equal(await webviewFrame().locator('#note-send').getAttribute('disabled'), '', 'Add Note is disabled: never an ordinary draft');
    const anyway = webviewFrame().locator('#note-send-anyway');
    assert.ok(await anyway.isVisible(), 'Send Anyway is offered');
    await anyway.scrollIntoViewIfNeeded();
    await page().mouse.move(1000, 700);
    await screenshot('composer restored as maybe sent');

    await anyway.click();
    await webviewFrame().locator('#note-status', { hasText: 'Note added.' }).waitFor({ timeout: 30_000 });
    assert.equal((await notePosts()).length, 2, 'sent again only on Send Anyway');
  });

  it('keeps a note typed just before the panel is closed from the keyboard', async () => {
    // The panel saves what is typed 300 ms after typing stops, and at once when it loses focus.
    // A keyboard shortcut that closes it (or reloads the window) takes no focus away first.
    await closeAllEditors();
    const id = ids[2];
    const text = 'Typed right before closing';
    await expand(treeItem('Engineering Escalations'));
    await expand(page().getByRole('treeitem', { name: /^Conversations/ }).first());
    await scrollTo(treeItem(new RegExp(`\\b${id}\\b`)));
    const note = await typeNote(id, text);
    await note.press('Control+W');
    await tab(`Conversation ${id}`).waitFor({ state: 'detached' });
    await page().waitForFunction(() => !document.querySelector('iframe.webview'));

    await treeItem(new RegExp(`\\b${id}\\b`)).click();
    await eventually(async () => (await webviewFrame().locator('#note-text').inputValue().catch(() => '')) === text, 'the note typed before closing');
  });
});

// What a screen reader is told about the note composer: the @mention list as a combobox's
// popup, and the hints under the fields as their descriptions. Checked on the panel's own DOM.
describe('UI note composer for screen readers', () => {
  let id: string;

  before(async () => {
    id = (await openConversationsGroup())[0];
    await treeItem(new RegExp(`\\b${id}\\b`)).click();
    await webviewFrame().locator('#note-text').waitFor({ timeout: 30_000 });
  });

  it('the note field is a combobox whose expanded state and active option follow the @mention list', async () => {
    const note = webviewFrame().locator('#note-text');
    const attr = (name: string) => note.getAttribute(name);
    assert.equal(await attr('role'), 'combobox');
    assert.equal(await attr('aria-autocomplete'), 'list');
    assert.equal(await attr('aria-controls'), 'mention-list');
    assert.equal(await webviewFrame().locator('#mention-list').getAttribute('role'), 'listbox');
    assert.equal(await attr('aria-expanded'), 'false', 'collapsed before any @');
    assert.equal(await attr('aria-activedescendant'), null, 'no active option while collapsed');

    await note.scrollIntoViewIfNeeded();
    await note.click();
    await note.pressSequentially('Please look @');
    const options = webviewFrame().locator('#mention-list [role="option"]');
    await eventually(async () => {
      if ((await options.count()) >= 2) return true;
      // The members may still be loading: typing the @ again asks for the suggestions again.
      await note.press('Backspace');
      await note.press('@');
      return false;
    }, 'two or more suggestions');
    assert.equal(await attr('aria-expanded'), 'true', 'expanded while the list shows');
    for (const step of [0, 1]) {
      const active = await attr('aria-activedescendant');
      assert.ok(active, 'an active option while expanded');
      const option = webviewFrame().locator(`#mention-list #${active}`);
      assert.equal(await option.getAttribute('role'), 'option');
      assert.equal(await option.getAttribute('aria-selected'), 'true', `the active option is selected (step ${step})`);
      assert.equal(await webviewFrame().locator('#mention-list [aria-selected="true"]').count(), 1, 'one selected option');
      assert.equal(await options.nth(step).getAttribute('id'), active, `the highlighted option is number ${step + 1}`);
      await note.press('ArrowDown');
    }
    await screenshot('composer mention combobox expanded');

    await note.press('Escape');
    await webviewFrame().locator('#mention-list').waitFor({ state: 'hidden' });
    assert.equal(await attr('aria-expanded'), 'false', 'collapsed once the list hides');
    assert.equal(await attr('aria-activedescendant'), null, 'no active option once collapsed');
  });

  it('shows which @mention suggestion is active in the light, dark and both high contrast themes', async () => {
    const note = webviewFrame().locator('#note-text');
    const options = webviewFrame().locator('#mention-list [role="option"]');
    try {
      for (const colorTheme of COLOR_THEMES) {
        const theme = colorTheme.name;
        await useColorTheme(colorTheme);
        await eventually(async () => (await webviewFrame().locator('body').getAttribute('class'))?.split(' ').includes(colorTheme.webview) ?? false, `the panel in ${theme}`);
        await note.scrollIntoViewIfNeeded();
        await note.click();
        await note.fill('');
        await note.pressSequentially('Ask @');
        await eventually(async () => {
          if ((await options.count()) >= 2) return true;
          await note.press('Backspace');
          await note.press('@');
          return false;
        }, `two or more suggestions in ${theme}`);
        // What sets the active row apart: its background, or an outline of its own.
        const [active, other] = await webviewFrame().locator('#mention-list').evaluate((list) =>
          ['[aria-selected="true"]', '[aria-selected="false"]'].map((selector) => {
            const style = getComputedStyle(list.querySelector(selector) as Element);
            const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && !/rgba\(.*, 0\)$/.test(style.outlineColor);
            return { background: style.backgroundColor, outlined };
          }),
        );
        const looks = { active, other };
        assert.ok(looks.active.outlined || looks.active.background !== looks.other.background, `in ${theme} the active suggestion looks like the others: ${JSON.stringify(looks)}`);
        if (theme === 'Default High Contrast') {
          await options.last().scrollIntoViewIfNeeded();
          await screenshot('composer active mention in high contrast');
        }
        await note.press('Escape');
        await note.fill('');
      }
    } finally {
      await useColorTheme(undefined);
      // Closing the settings editor focused the panel, whose webview loads again: a key pressed
      // before it is drawn (the next step's F1) would be lost.
      await note.waitFor({ timeout: 30_000 });
    }
  });

  it('links each hint to the field it describes', async () => {
    const expected: [string, RegExp[]][] = [
      ['#note-text', [/^Up to [\d,.\s]+ characters\.$/, /^Mentions are sent as the teammate's email/]],
      ['#draft-body', [/^Up to [\d,.\s]+ characters\.$/]],
      ['#note-parent', [/^Hiver's API cannot list notes/]],
    ];
    for (const [field, hints] of expected) {
      const ids = (await webviewFrame().locator(field).getAttribute('aria-describedby'))?.split(/\s+/) ?? [];
      assert.equal(ids.length, hints.length, `${field} is described by ${hints.length} hint(s)`);
      for (const [index, hintId] of ids.entries()) {
        const hint = webviewFrame().locator(`[id="${hintId}"]`);
        assert.equal(await hint.count(), 1, `one element with the id ${hintId}`);
        assert.match((await hint.innerText()).trim(), hints[index], `${field}: ${hintId}`);
      }
    }
  });
});
