import assert from 'node:assert/strict';
import { contrastingText, normaliseHexColor, safeCssColor } from '../../src/common/colors';

describe('tag colours', () => {
  it('normalises hex input with or without # and in short form', () => {
    assert.equal(normaliseHexColor('#CE93D8'), '#ce93d8');
    assert.equal(normaliseHexColor('ce93d8'), '#ce93d8');
    assert.equal(normaliseHexColor(' #abc '), '#aabbcc');
    assert.equal(normaliseHexColor('fff'), '#ffffff');
  });

  it('rejects anything that is not a hex colour', () => {
    for (const bad of ['', '#12345', '#1234567', 'red', '#ggg000', 'url(x)', '#fff;background:url(x)', '##ffffff', undefined, 42]) {
      assert.equal(normaliseHexColor(bad), undefined, String(bad));
    }
  });

  it('lets only #-prefixed hex colours into styles', () => {
    assert.equal(safeCssColor('#64b5f6'), '#64b5f6');
    assert.equal(safeCssColor(' #ABC '), '#aabbcc');
    assert.equal(safeCssColor('64b5f6'), undefined);
    assert.equal(safeCssColor('red;x:expression(1)'), undefined);
    assert.equal(safeCssColor(null), undefined);
    assert.equal(safeCssColor(0x64b5f6), undefined);
  });

  it('picks readable text over a swatch', () => {
    assert.equal(contrastingText('#fff176'), '#000000');
    assert.equal(contrastingText('#1a237e'), '#ffffff');
  });
});
