import assert from 'node:assert/strict';
import { targetFrom } from '../../src/conversations/targetArgs';

describe('targetFrom', () => {
  it('reads a tree row, a nested conversation or a plain target', () => {
    assert.deepEqual(targetFrom({ inboxId: '101', itemId: '538700001', id: 'inbox/101/conversations/538700001' }), { inboxId: '101', conversationId: '538700001' });
    assert.deepEqual(targetFrom({ inboxId: '101', conversation: { id: 538700002 } }), { inboxId: '101', conversationId: '538700002' });
    assert.deepEqual(targetFrom({ inboxId: '102', conversationId: '538700151' }), { inboxId: '102', conversationId: '538700151' });
    assert.deepEqual(targetFrom({ inboxId: '102', id: '538700151' }), { inboxId: '102', conversationId: '538700151' });
  });

  it('refuses anything without both ids, and tree paths as ids', () => {
    assert.equal(targetFrom(undefined), undefined);
    assert.equal(targetFrom('538700001'), undefined);
    assert.equal(targetFrom({ inboxId: '101' }), undefined);
    assert.equal(targetFrom({ conversationId: '1' }), undefined);
    assert.equal(targetFrom({ inboxId: '101', id: 'inbox/101/conversations' }), undefined);
    assert.equal(targetFrom({ inboxId: '', conversationId: '1' }), undefined);
  });
});
