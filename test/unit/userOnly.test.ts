// Settings that decide where the key goes or how many requests are sent come from user
// settings only: a workspace or folder value is ignored (and reported), whatever the host did.
import assert from 'node:assert/strict';
import { userOnlyValue } from '../../src/common/userOnly';

describe('user-only settings', () => {
  it('takes the user value, else the fallback', () => {
    assert.deepEqual(userOnlyValue({ defaultValue: 1000, globalValue: 250 }, 1000), { value: 250, ignoredFromWorkspace: false });
    assert.deepEqual(userOnlyValue({ defaultValue: 1000 }, 1000), { value: 1000, ignoredFromWorkspace: false });
    assert.deepEqual(userOnlyValue(undefined, 'https://api2.hiverhq.com/v1'), { value: 'https://api2.hiverhq.com/v1', ignoredFromWorkspace: false });
  });

  it('never takes a workspace or folder value, and says one was there', () => {
    const url = 'https://api2.hiverhq.com/v1';
    for (const where of ['workspaceValue', 'workspaceFolderValue', 'workspaceLanguageValue', 'workspaceFolderLanguageValue']) {
      assert.deepEqual(userOnlyValue({ defaultValue: url, [where]: 'http://evil.example/v1' }, url), { value: url, ignoredFromWorkspace: true }, where);
      assert.deepEqual(userOnlyValue({ globalValue: 'http://127.0.0.1:4010/v1', [where]: 'http://evil.example/v1' }, url), { value: 'http://127.0.0.1:4010/v1', ignoredFromWorkspace: true }, where);
    }
    assert.deepEqual(userOnlyValue({ workspaceFolderValue: 50 }, 1000), { value: 1000, ignoredFromWorkspace: true });
  });

  it('falls back when the user value has the wrong type', () => {
    assert.equal(userOnlyValue({ globalValue: 'fast' }, 1000).value, 1000);
    assert.equal(userOnlyValue({ globalValue: Number.NaN }, 1000).value, 1000);
    assert.equal(userOnlyValue({ globalValue: 42 }, 'https://api2.hiverhq.com/v1').value, 'https://api2.hiverhq.com/v1');
  });
});
