// The extension-host suite's watch for unhandled rejections (test/suite/rejections.ts), driven
// through an EventEmitter standing in for the process: what it records and how it names it.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { watchRejections } from '../suite/rejections';

describe('unhandled rejection watch', () => {
  it('records each rejection with its reason and the test running, until stopped', () => {
    const host = new EventEmitter();
    let running: string | undefined = 'tree: shows users';
    const watch = watchRejections(() => running, host);
    host.emit('unhandledRejection', new TypeError('storage.update failed'));
    running = undefined;
    host.emit('unhandledRejection', 'a plain string');
    watch.stop();
    host.emit('unhandledRejection', new Error('after stop'));
    assert.equal(watch.records.length, 2);
    assert.equal(watch.records[0].during, 'tree: shows users');
    assert.match(watch.records[0].reason, /^TypeError: storage\.update failed\n\s+at /);
    const report = watch.report();
    assert.match(report, /^1\) unhandled rejection during "tree: shows users": TypeError: storage\.update failed/);
    assert.match(report, /\n2\) unhandled rejection: 'a plain string'$/);
    assert.equal(host.listenerCount('unhandledRejection'), 0);
  });
});
