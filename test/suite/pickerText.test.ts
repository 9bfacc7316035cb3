// API text in QuickPick items: items built from the simulator's hostile users and tags (U+202E,
// script tags, 300 characters) and from names carrying `$(icon)` syntax show as plain text.
import assert from 'node:assert/strict';
import type { HiverExtensionApi } from '../../src/extension';
import { assigneeItem, tagItem } from '../../src/conversations/pickers';
import { HOSTILE_TAG_NAMES, HOSTILE_USERS } from '../simulator/hostileStrings';
import { signIn } from './testUtils';

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
const UNESCAPED_ICON = /(^|[^\\])\$\(/;

describe('API text in QuickPick items', function () {
  this.timeout(60_000);
  let api: HiverExtensionApi;

  before(async () => {
    api = await signIn();
  });

  it('builds assignee and tag items from hostile names without bidi overrides', async () => {
    const inboxId = '101';
    await api.session.model.loadAll({ kind: 'users', inboxId });
    await api.session.model.loadAll({ kind: 'tags', inboxId });
    const users = api.session.model.list({ kind: 'users', inboxId }).items.filter((u) => HOSTILE_USERS.some((h) => h.id === u.id));
    const tags = api.session.model.list({ kind: 'tags', inboxId }).items.filter((tag) => HOSTILE_TAG_NAMES.includes(tag.name));
    assert.equal(users.length, HOSTILE_USERS.length, 'the hostile users are loaded');
    assert.equal(tags.length, HOSTILE_TAG_NAMES.length, 'the hostile tags are loaded');

    const rlo = users.find((u) => u.firstName.startsWith('\u202E'));
    assert.equal(assigneeItem(rlo!, undefined).label, 'txt.exe Override');
    assert.equal(tagItem(tags.find((tag) => tag.name === '\u202Edeggat')!).label, 'deggat');
    const script = users.find((u) => u.firstName === '<script>alert(1)</script>')!;
    assert.equal(assigneeItem(script, undefined).label, '<script>alert(1)</script> <img src=x onerror=alert(1)>', 'markup is shown as text');
    for (const item of [...users.map((u) => assigneeItem(u, undefined)), ...tags.map(tagItem)]) {
      for (const text of [item.label, item.description ?? '']) assert.doesNotMatch(text, BIDI_CONTROLS, text);
    }
  });

  it('escapes icon syntax in names, emails and descriptions', () => {
    const user = assigneeItem({ id: '1', firstName: '$(shield) Admin', lastName: '\u202Eroot', email: '$(mail)x@acme.example' }, '1');
    assert.equal(user.label, '\\$(shield) Admin root');
    assert.equal(user.description, '\\$(mail)x@acme.example');
    assert.equal(user.email, '$(mail)x@acme.example', 'the value used is the real one');
    const tag = tagItem({ id: '7', name: '$(check) Approved', description: '$(alert)\u202E' });
    assert.doesNotMatch(tag.label, UNESCAPED_ICON);
    assert.equal(tag.description, '\\$(alert)');
    assert.equal(tag.tagId, '7');
  });
});
