import assert from 'node:assert/strict';
import { messageText, pickText } from '../../src/search/display';

describe('search display text', () => {
  it('escapes QuickPick icon syntax so a name cannot render icons', () => {
    assert.equal(pickText('$(alert) Admin'), '\\$(alert) Admin');
    assert.equal(pickText('Phoebe Buffay'), 'Phoebe Buffay');
  });

  it('removes bidi overrides so a name shows its real character order, and flattens control characters', () => {
    assert.equal(pickText('\u202Etxt.exe'), 'txt.exe');
    assert.equal(pickText('a\u2066b\u2069c'), 'abc');
    assert.equal(pickText('line1\nline2\tx'), 'line1 line2 x');
    // Right-to-left letters themselves are kept.
    assert.equal(pickText('مريم الحسن'), 'مريم الحسن');
  });

  it('keeps markdown links from forming in notification messages', () => {
    assert.equal(messageText('[Click](command:hiver.removeApiKey)'), '[Click] (command:hiver.removeApiKey)');
    assert.equal(messageText('<script>alert(1)</script>'), '<script>alert(1)</script>');
  });
});
