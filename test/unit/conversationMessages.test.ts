import assert from 'node:assert/strict';
import { parseConversationMessage, parseNoteDraft, parseReplyDraft } from '../../src/panels/kinds/conversationMessages';
import { parseReplyTo } from '../../src/conversations/replyTo';

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
    assert.equal(parseNoteDraft({ content: 'x', parentNoteId: '../1' }), undefined);
    assert.equal(parseNoteDraft({ content: 'x'.repeat(100_001) }), undefined);
    assert.equal(parseReplyDraft({ body: 'x', replyType: 'send_now' }), undefined);
    assert.equal(parseReplyDraft({ body: 'x', replyTo: 'hiver:1&notify=1' }), undefined);
    assert.equal(parseConversationMessage({ type: 'action', action: 'deleteEverything' }), undefined);
    assert.equal(parseConversationMessage({ type: 'send', kind: 'email', value: {} }), undefined);
  });

  it('turns a reply-to choice into the one message id field the API wants', () => {
    assert.deepEqual(parseReplyTo('hiver:834400001'), { hiverMessageId: '834400001' });
    assert.deepEqual(parseReplyTo('gmail:19cfee91188070f8'), { gmailMessageId: '19cfee91188070f8' });
    assert.equal(parseReplyTo('834400001'), undefined);
    assert.equal(parseReplyTo(undefined), undefined);
  });
});
