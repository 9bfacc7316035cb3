// A small JSON record that every process of the user (each VS Code window's extension host)
// reads and updates atomically, with no lock that a crashed window could leave held.
// Each update writes a complete new version to a temporary file and hard-links it to the name
// `v<N+1>.json`; a link never overwrites, so of two windows updating from version N exactly one
// wins and the other reads again and retries. A window killed at any point leaves either no new
// version or a complete one (at worst a stray temporary file, removed later). Readers take the
// highest version. Synchronous on purpose: the files are tiny and an update must not interleave
// with other work in the same process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

const VERSION = /^v(\d{1,15})\.json$/;
/**
 * Older versions kept around, for readers that listed the folder a moment ago and so that a
 * writer cannot re-create a cleaned-up name: that would take this many other updates between
 * its listing and its link (microseconds apart), i.e. a process frozen exactly there.
 */
const KEEP_VERSIONS = 16;
/** A temporary file this old belongs to a window that died mid-write. */
const STRAY_TMP_MS = 60_000;
/**
 * Updates lost in a row before giving up. Each loss means another process wrote in between,
 * which takes microseconds; this many in a row is no contention but a folder that cannot take
 * a new version, and looping on would hang the extension host.
 */
const MAX_LOST_UPDATES = 1_000;

export class SharedRecord<T> {
  constructor(
    private readonly dir: string,
    /** Turns whatever the file holds (hostile until checked) into a value; `undefined` for a missing or corrupt file. */
    private readonly parse: (raw: unknown) => T,
  ) {}

  /** The current value (`parse(undefined)` when there is none yet or it is unreadable). */
  read(): T {
    return this.latest().value;
  }

  /**
   * Applies `change` to the current value and stores the result atomically across processes;
   * `change` may run more than once (when another process wrote meanwhile), so it must be
   * pure. Returning `undefined` stores nothing. Returns the value that holds after the call.
   */
  update(change: (value: T) => T | undefined): T {
    fs.mkdirSync(this.dir, { recursive: true });
    for (let lost = 0; lost < MAX_LOST_UPDATES; lost++) {
      const { version, value } = this.latest();
      const next = change(value);
      if (next === undefined) return value;
      // A version no reader would find (past VERSION's digits) would be lost, and so would every retry.
      if (!VERSION.test(this.name(version + 1))) throw this.broken(`it holds the highest version there can be (v${version}.json)`);
      if (this.commit(version + 1, next)) return next;
    }
    throw this.broken(`${MAX_LOST_UPDATES} updates in a row found a newer version already there`);
  }

  private latest(): { version: number; value: T } {
    let version = this.highestVersion();
    for (;;) {
      if (version === 0) return { version, value: this.parse(undefined) };
      let text: string;
      try {
        text = fs.readFileSync(this.file(version), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        // Removed by a newer writer's clean-up between listing and reading: list again. When the
        // listing still names it (a dangling link), it is unreadable: the next update writes past it.
        const listed = this.highestVersion();
        if (listed === version) return { version, value: this.parse(undefined) };
        version = listed;
        continue;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        raw = undefined;
      }
      return { version, value: this.parse(raw) };
    }
  }

  /** True when `value` became version `version`; false when another process got there first. */
  private commit(version: number, value: T): boolean {
    const tmp = path.join(this.dir, `tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    fs.writeFileSync(tmp, JSON.stringify(value));
    try {
      fs.linkSync(tmp, this.file(version));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    this.cleanUp(version);
    return true;
  }

  private highestVersion(): number {
    let highest = 0;
    for (const name of this.names()) {
      const match = VERSION.exec(name);
      if (match) highest = Math.max(highest, Number(match[1]));
    }
    return highest;
  }

  private cleanUp(current: number): void {
    const now = Date.now();
    for (const name of this.names()) {
      const match = VERSION.exec(name);
      const file = path.join(this.dir, name);
      try {
        if (match && Number(match[1]) <= current - KEEP_VERSIONS) fs.rmSync(file, { force: true });
        else if (name.startsWith('tmp-') && now - fs.statSync(file).mtimeMs > STRAY_TMP_MS) fs.rmSync(file, { force: true });
      } catch {
        // Another window cleaned it up, or (Windows) it is open for reading: next time.
      }
    }
  }

  private names(): string[] {
    try {
      return fs.readdirSync(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private file(version: number): string {
    return path.join(this.dir, this.name(version));
  }

  private name(version: number): string {
    return `v${version}.json`;
  }

  private broken(why: string): Error {
    return new Error(`The extension's shared state in ${this.dir} cannot be updated: ${why}. Close VS Code and delete that folder; it is rebuilt on the next start.`);
  }
}
