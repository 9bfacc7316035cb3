import assert from 'node:assert/strict';
import { labelText, markdownText, messageText, pickText, statusBarText, treeText } from '../../src/common/display';
import { HOSTILE_INBOX_NAME, HOSTILE_TAG_NAMES, HOSTILE_USERS, LONG_10K } from '../simulator';

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

describe('display text', () => {
  it('escapes QuickPick icon syntax so a name cannot render icons', () => {
    assert.equal(pickText('$(alert) Admin'), '\\$(alert) Admin');
    assert.equal(pickText('Phoebe Buffay'), 'Phoebe Buffay');
  });

  it('keeps an API id in a status bar title (a Window progress) from rendering icons or bidi, on one short line', () => {
    // Parse accepts any non-empty id; the status bar renders $(icon) in it.
    assert.equal(statusBarText('$(check) done'), '\\$(check) done');
    assert.equal(statusBarText('\u202Egpj.exe\nx'), 'gpj.exe x');
    const long = statusBarText(LONG_10K);
    assert.ok(long.length <= 80 && long.endsWith('…'), `${long.length} characters`);
    assert.equal(statusBarText('538706170'), '538706170');
    assert.equal(statusBarText('19cfee91188070f8'), '19cfee91188070f8');
  });

  it('removes bidi overrides so a name shows its real character order, and flattens control characters', () => {
    assert.equal(pickText('\u202Etxt.exe'), 'txt.exe');
    assert.equal(pickText('a\u2066b\u2069c'), 'abc');
    assert.equal(pickText('line1\nline2\tx'), 'line1 line2 x');
    // Right-to-left letters themselves are kept.
    assert.equal(pickText('مريم الحسن'), 'مريم الحسن');
  });

  it('removes bidi marks, and flattens C1 controls and line and paragraph separators too', () => {
    const marked = 'a\u200Eb\u200Fc\u061Cd';
    const breaking = 'x\u0085y\u009Bz\u2028p\u2029q';
    for (const clean of [pickText, messageText, markdownText, (t: string) => labelText(t)]) {
      assert.equal(clean(marked), 'abcd');
    }
    for (const clean of [pickText, messageText, (t: string) => labelText(t)]) {
      assert.equal(clean(breaking), 'x y z p q');
    }
    assert.equal(treeText(`${marked}\n${breaking}\t\r.`), 'abcd\nx y z p q  .', 'tree text keeps only its newlines');
  });

  it('keeps markdown links from forming in notification messages', () => {
    assert.equal(messageText('[Click](command:hiver.removeApiKey)'), '[Click] (command:hiver.removeApiKey)');
    assert.equal(messageText('<script>alert(1)</script>'), '<script>alert(1)</script>');
  });

  it('escapes markdown in tooltip text: no link, emphasis, entity or autolink can form', () => {
    assert.equal(markdownText('[x](command:hiver.removeApiKey) **b**'), String.raw`\[x\]\(command\:hiver\.removeApiKey\) \*\*b\*\*`);
    assert.equal(markdownText('&#x202E; <b>'), String.raw`\&\#x202E; \<b\>`);
    assert.equal(markdownText('see https://x.example'), String.raw`see https\://x\.example`);
    assert.equal(markdownText('\u202Eexe.txt'), String.raw`exe\.txt`);
  });

  it("makes every hostile string of the simulator's demo data safe, changing only what is unsafe", () => {
    const names = [HOSTILE_INBOX_NAME, ...HOSTILE_TAG_NAMES, ...HOSTILE_USERS.flatMap((u) => [u.first_name, u.last_name, u.email])];
    for (const name of names) {
      for (const safe of [pickText(name), messageText(name)]) {
        assert.doesNotMatch(safe, BIDI_CONTROLS, JSON.stringify(name));
        // Script tags, quotes, RTL letters, emoji and the 300-character name come through as text.
        if (!BIDI_CONTROLS.test(name)) assert.equal(safe, name);
      }
    }
    assert.equal(pickText('\u202Edeggat'), 'deggat');
    // The same names with icon and link syntax added, as a hostile admin could name a tag.
    for (const name of names) {
      assert.ok(!/(^|[^\\])\$\(/.test(pickText(`$(warning) ${name}`)), 'no unescaped icon syntax');
      assert.ok(!messageText(`[${name}](command:hiver.removeApiKey)`).includes(']('), 'no link');
    }
  });

  it('cleans tree text of bidi and control characters only: lines, markup and icon syntax stay (trees render neither)', () => {
    assert.equal(treeText('\u202Etxt.exe\nline 2 $(alert) [x](command:y)'), 'txt.exe\nline 2 $(alert) [x](command:y)');
    const names = [HOSTILE_INBOX_NAME, ...HOSTILE_TAG_NAMES, ...HOSTILE_USERS.flatMap((u) => [u.first_name, u.last_name, u.email])];
    for (const name of names) {
      assert.doesNotMatch(treeText(name), BIDI_CONTROLS, JSON.stringify(name));
      if (!BIDI_CONTROLS.test(name)) assert.equal(treeText(name), name);
    }
  });
});

describe('labelText', () => {
  it('keeps short text, without bidi controls', () => {
    assert.equal(labelText('Phoebe Buffay'), 'Phoebe Buffay');
    assert.equal(labelText('\u202Etxt.exe'), 'txt.exe');
  });

  it('cuts long text to the limit with an ellipsis, never inside an emoji', () => {
    const long = labelText(LONG_10K);
    assert.equal(long.length, 200);
    assert.ok(long.endsWith('…') && LONG_10K.startsWith(long.slice(0, -1)));
    const family = '👩‍👩‍👧‍👦';
    const cut = labelText('a' + family.repeat(40), 30);
    assert.ok(cut.length <= 30);
    assert.equal(cut, 'a' + family.repeat((cut.length - 2) / family.length) + '…');
  });
});
