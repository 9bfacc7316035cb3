import assert from 'node:assert/strict';
import { parseConversationMessage, parseNoteDraft, parseReplyDraft } from '../../src/panels/kinds/conversationMessages';
import { parseReplyTo } from '../../src/conversations/replyTo';
import { MAX_KEPT_TEXT_LENGTH, MAX_TEXT_LENGTH } from '../../src/conversations/textLimits';

describe('conversation panel messages', () => {
  it('accepts well-formed notes and drafts', () => {
    assert.deepEqual(parseNoteDraft({ content: 'Hi a@b.example', mentions: ['a@b.example'], notifyAll: true, parentNoteId: '35040001' }), {
      content: 'Hi a@b.example',
      mentions: ['a@b.example'],
      notifyAll: true,
      parentNoteId: '35040001',
    });
    assert.deepEqual(parseNoteDraft({ content: '' }), { content: '', mentions: [], notifyAll: false, parentNoteId: undefined });
    assert.deepEqual(parseReplyDraft({ body: 'Thanks', replyType: 'reply_all', replyTo: 'hiver:834400001' }), {
      body: 'Thanks',
      replyType: 'reply_all',
      replyTo: 'hiver:834400001',
    });
  });

  it('refuses malformed or hostile fields', () => {
    assert.equal(parseNoteDraft({ content: 1 }), undefined);
    assert.equal(parseNoteDraft({ content: 'x', mentions: ['not an email'] }), undefined);
    assert.equal(parseNoteDraft({ content: 'x', notifyAll: 'yes' }), undefined);
    assert.equal(parseNoteDraft({ content: 'x', parentNoteId: '1\u202e2' }), undefined);
    assert.equal(parseNoteDraft({ content: 'x', parentNoteId: '1 2' }), undefined);
    assert.equal(parseReplyDraft({ body: 'x', replyType: 'send_now' }), undefined);
    assert.equal(parseReplyDraft({ body: 'x', replyTo: 7 }), undefined);
    assert.equal(parseConversationMessage({ type: 'action', action: 'deleteEverything' }), undefined);
    assert.equal(parseConversationMessage({ type: 'send', kind: 'email', value: {} }), undefined);
  });

  it('never drops typed text silently: too long to send or an odd reply-to is kept; unreadable is reported', () => {
    // Kept for saving; the composer refuses to send it and says why (MAX_TEXT_LENGTH is the textarea's maxlength too).
    assert.equal(parseNoteDraft({ content: 'x'.repeat(MAX_TEXT_LENGTH + 1) })?.content.length, MAX_TEXT_LENGTH + 1);
    assert.equal(parseReplyDraft({ body: 'x'.repeat(MAX_TEXT_LENGTH + 1) })?.body.length, MAX_TEXT_LENGTH + 1);
    // Ids from Hiver as they come (a number id 1.5 becomes "1.5"); the composer checks reply-to before sending.
    assert.equal(parseReplyDraft({ body: 'x', replyTo: 'hiver:1.5' })?.replyTo, 'hiver:1.5');
    assert.equal(parseReplyDraft({ body: 'x', replyTo: 'hiver:1&notify=1' })?.replyTo, 'hiver:1&notify=1');
    assert.equal(parseNoteDraft({ content: 'x', parentNoteId: '35040001.5' })?.parentNoteId, '35040001.5');

    const note = { content: 'Hi', mentions: [], notifyAll: false };
    assert.deepEqual(parseConversationMessage({ type: 'saveDraft', kind: 'note', value: note, revision: 3 }), { type: 'saveDraft', kind: 'note', value: { ...note, parentNoteId: undefined }, revision: 3 });
    assert.deepEqual(parseConversationMessage({ type: 'send', kind: 'note', value: note, revision: 3, sendAnyway: true }), { type: 'send', kind: 'note', value: { ...note, parentNoteId: undefined }, revision: 3, sendAnyway: true });
    assert.deepEqual(parseConversationMessage({ type: 'saveDraft', kind: 'note', value: note, revision: 3, sendAnyway: true }), { type: 'saveDraft', kind: 'note', value: { ...note, parentNoteId: undefined }, revision: 3 }, 'sendAnyway only on a send');
    assert.deepEqual(parseConversationMessage({ type: 'saveDraft', kind: 'note', value: { content: 'x'.repeat(MAX_KEPT_TEXT_LENGTH + 1) }, revision: 1 }), { type: 'unreadable', kind: 'note', reason: 'tooLong' });
    assert.deepEqual(parseConversationMessage({ type: 'send', kind: 'draft', value: { body: 1 }, revision: 1 }), { type: 'unreadable', kind: 'draft', reason: 'malformed' });
    assert.deepEqual(parseConversationMessage({ type: 'send', kind: 'note', value: note }), { type: 'unreadable', kind: 'note', reason: 'malformed' }, 'a panel always says which state it showed');
  });

  it('turns a reply-to choice into the one message id field the API wants', () => {
    assert.deepEqual(parseReplyTo('hiver:834400001'), { hiverMessageId: '834400001' });
    assert.deepEqual(parseReplyTo('gmail:19cfee91188070f8'), { gmailMessageId: '19cfee91188070f8' });
    assert.deepEqual(parseReplyTo('hiver:1.5'), { hiverMessageId: '1.5' });
    assert.equal(parseReplyTo('834400001'), undefined);
    assert.equal(parseReplyTo('hiver:1 5'), undefined);
    assert.equal(parseReplyTo('hiver:'), undefined);
    assert.equal(parseReplyTo(undefined), undefined);
  });
});
