import assert from 'node:assert/strict';
import { checkHiverLink, isHiverLink } from '../../src/common/permalinks';
import { TRICKY_URLS } from '../fixtures/trickyUrls';

describe('isHiverLink', () => {
  it('accepts canonical https links on hiverhq.com and its subdomains, as exactly the string given', () => {
    assert.deepEqual(checkHiverLink('https://v2.hiverhq.com/permalinks/pvt/201c00fa'), { href: 'https://v2.hiverhq.com/permalinks/pvt/201c00fa', host: 'v2.hiverhq.com' });
    assert.equal(isHiverLink('https://hiverhq.com/x'), true);
    assert.equal(isHiverLink('https://a.b.hiverhq.com/'), true);
  });

  it('refuses other schemes, look-alike hosts, credentials, ports, non-canonical forms and non-strings', () => {
    for (const bad of [undefined, null, 42, {}, ['https://hiverhq.com/']]) assert.equal(isHiverLink(bad), false, String(bad));
  });

  for (const { url, opens, why } of TRICKY_URLS) {
    it(`${opens ? 'accepts' : 'refuses'} ${why}: ${JSON.stringify(url)}`, () => {
      const checked = checkHiverLink(url);
      assert.equal(checked !== undefined, opens);
      if (!checked) return;
      // What was checked is the input itself, and the host is the one a WHATWG browser reaches.
      assert.equal(checked.href, url);
      assert.equal(checked.host, new URL(url).host);
      assert.match(checked.host, /(^|\.)hiverhq\.com$/);
    });
  }
});
