// The shared record (atomic, lock-free files that every window updates) in a folder that is
// damaged: each case must end, with the record usable or a clear error, and never loop forever
// (it is synchronous, so a loop would freeze the extension host).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SharedRecord } from '../../src/hiver/sharedRecord';

const parseCount = (raw: unknown): number => (typeof raw === 'number' ? raw : 0);

describe('SharedRecord in a damaged folder', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hiver-record-'));
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A change that fails the test instead of running forever. */
  const boundedChange = () => {
    let calls = 0;
    return (value: number) => {
      assert.ok(++calls <= 5_000, 'update() kept retrying');
      return value + 1;
    };
  };

  it('refuses to write a version past the highest it can read back, with an error saying what to do', () => {
    fs.writeFileSync(path.join(dir, 'v999999999999999.json'), '41');
    const record = new SharedRecord(dir, parseCount);
    assert.equal(record.read(), 41);
    // Before, the first update wrote v1000000000000000.json, which no reader finds, and the next looped forever.
    for (let i = 0; i < 2; i++) {
      assert.throws(() => record.update(boundedChange()), /cannot be updated: it holds the highest version there can be .*delete that folder/);
    }
    assert.deepEqual(fs.readdirSync(dir), ['v999999999999999.json']);
  });

  it('gives up after a thousand updates in a row lost to another writer', () => {
    const record = new SharedRecord(dir, parseCount);
    record.update((value) => value + 1);
    let calls = 0;
    const alwaysBeaten = (value: number) => {
      assert.ok(++calls <= 5_000, 'update() kept retrying');
      // Another writer takes the next version first, every time.
      const taken = fs.readdirSync(dir).filter((name) => /^v\d+\.json$/.test(name)).length + 1;
      fs.writeFileSync(path.join(dir, `v${taken}.json`), String(value));
      return value + 1;
    };
    assert.throws(() => record.update(alwaysBeaten), /cannot be updated: 1000 updates in a row found a newer version already there/);
    assert.equal(calls, 1_000);
  });

  it('reads past a dangling link named like the latest version, and the next update writes past it', () => {
    // In a child process: the old code listed the folder again forever, and a synchronous loop
    // cannot be stopped from inside.
    fs.writeFileSync(path.join(dir, 'v6.json'), '6');
    fs.symlinkSync(path.join(dir, 'gone'), path.join(dir, 'v7.json'));
    const script = `
      const { SharedRecord } = require(${JSON.stringify(path.join(__dirname, '../../src/hiver/sharedRecord.ts'))});
      const record = new SharedRecord(${JSON.stringify(dir)}, (raw) => (typeof raw === 'number' ? raw : 0));
      const before = record.read();
      const after = record.update((value) => value + 100);
      console.log(JSON.stringify([before, after, record.read()]));
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(child.signal, null, 'the child was killed: it did not finish within 10 s');
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), [0, 100, 100]);
    assert.ok(fs.existsSync(path.join(dir, 'v8.json')));
  });
});
