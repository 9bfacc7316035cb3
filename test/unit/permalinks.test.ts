import assert from 'node:assert/strict';
import { isHiverLink } from '../../src/conversations/permalinks';

describe('isHiverLink', () => {
  it('accepts https links on hiverhq.com and its subdomains', () => {
    assert.equal(isHiverLink('https://v2.hiverhq.com/permalinks/pvt/201c00fa'), true);
    assert.equal(isHiverLink('https://hiverhq.com/x'), true);
    assert.equal(isHiverLink('https://a.b.HIVERHQ.com/'), true);
    assert.equal(isHiverLink('https://v2.hiverhq.com:443/p'), true);
  });

  it('refuses other schemes, look-alike hosts, credentials and non-strings', () => {
    for (const bad of [
      'http://v2.hiverhq.com/permalinks/pvt/1',
      'https://hiverhq.com.evil.example/p',
      'https://evilhiverhq.com/p',
      'https://v2.hiverhq.com@evil.example/p',
      'https://user:pw@v2.hiverhq.com/p',
      'https://v2.hiverhq.com:8443/p',
      'javascript:alert(1)//hiverhq.com',
      'file:///etc/passwd',
      'vscode://hiverhq.com/x',
      ' https://v2.hiverhq.com/p',
      '//v2.hiverhq.com/p',
      '',
      undefined,
      42,
    ]) {
      assert.equal(isHiverLink(bad), false, String(bad));
    }
  });
});
