import assert from 'node:assert/strict';
import { contrastingText, normaliseHexColor, safeCssColor } from '../../src/common/colors';
import { contrastRatio } from '../common/wcag';

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
    // Mid tones Hiver's palette uses: white on them reads at about 3:1, black at 7:1.
    assert.equal(contrastingText('#e57373'), '#000000');
    assert.equal(contrastingText('#f06292'), '#000000');
  });

  it('picks the text colour with the higher WCAG contrast for every colour', () => {
    for (let n = 0; n < 4096; n++) {
      const background = normaliseHexColor(n.toString(16).padStart(3, '0')) as string;
      const text = contrastingText(background);
      const other = text === '#000000' ? '#ffffff' : '#000000';
      assert.ok(contrastRatio(text, background) >= contrastRatio(other, background), `${text} on ${background}`);
    }
  });
});
