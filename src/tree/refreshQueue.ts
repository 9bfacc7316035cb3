import * as vscode from 'vscode';

/**
 * Collects refresh requests and fires them as one `onDidChangeTreeData` once the tree is idle
 * (no getChildren running). Firing while VS Code is still fetching a node's children makes it
 * fetch them twice at once, which ends in "Element with id … is already registered"; merging
 * also turns a burst of model events into one redraw. (GitLens does the same.)
 *
 * A row whose children were just listed is not redrawn until `settleMs` after that listing:
 * a redraw makes the extension host forget the rows under it, and when it reaches VS Code
 * together with those rows (both waiting while the workbench is busy), VS Code clears its copy
 * first and then keeps the forgotten rows, and never asks again: commands on them get no row.
 */
export class RefreshQueue<T extends object> implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly pending = new Set<T>();
  /** When each row's children were last handed to VS Code. */
  private readonly listedAt = new WeakMap<T, number>();
  private everything = false;
  private busy = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDue = 0;
  /** No redraw goes before this time (`holdAll`). */
  private heldUntil = 0;

  constructor(
    private readonly delayMs = 30,
    private readonly settleMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Asks for `node` (undefined: the whole tree) to be redrawn soon. */
  request(node: T | undefined): void {
    if (node === undefined) this.everything = true;
    else this.pending.add(node);
    this.schedule();
  }

  /**
   * Holds every redraw until `releaseAll`, for at most `settleMs`: a quick input is opening, and
   * a redraw reaching VS Code with it would close it (src/common/quickInputs.ts).
   */
  holdAll(): void {
    // A timer already set fires, finds the hold, and schedules again for its end.
    this.heldUntil = Math.max(this.heldUntil, this.now() + this.settleMs);
  }

  /** Ends `holdAll`'s hold: the quick input closed (the tree then has its focus back, if it had it). */
  releaseAll(): void {
    this.heldUntil = 0;
    this.schedule();
  }

  /** Whether `holdAll` holds redraws now. */
  get holding(): boolean {
    return this.now() < this.heldUntil;
  }

  /** Runs the getChildren call of `node` (undefined: the root); refreshes wait until no such call runs. */
  async whileListing<R>(node: T | undefined, work: () => Promise<R>): Promise<R> {
    this.busy++;
    try {
      return await work();
    } finally {
      if (node !== undefined) this.listedAt.set(node, this.now());
      this.busy--;
      if (this.busy === 0) this.schedule();
    }
  }

  /**
   * Runs a `TreeView.reveal`; refreshes wait until it settles (at most `maxMs`, so a reveal
   * VS Code never settles cannot stop the tree from redrawing). The extension host resolves
   * the revealed row and its parents before the workbench has fetched them, and the workbench
   * turns a refresh of rows it does not know yet into a refresh of the whole tree (1.100's
   * `MainThreadTreeViews.$refresh`), which replaces the rows the reveal is expanding: the row is
   * then never selected.
   */
  async whileRevealing(reveal: () => Thenable<void>, maxMs = 5000): Promise<void> {
    this.busy++;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.busy--;
      if (this.busy === 0) this.schedule();
    };
    const timer = setTimeout(release, maxMs);
    try {
      await reveal();
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  /** How long until `node` may be redrawn (0: now). */
  private settlingMs(node: T): number {
    const listed = this.listedAt.get(node);
    return listed === undefined ? 0 : Math.max(0, listed + this.settleMs - this.now());
  }

  private schedule(): void {
    if (!this.everything && this.pending.size === 0) return;
    // The whole tree, or any row ready, goes after the short delay; otherwise when the first settles.
    const waits = this.everything ? [0] : [...this.pending].map((node) => this.settlingMs(node));
    const due = Math.max(this.now() + Math.max(this.delayMs, Math.min(...waits)), this.heldUntil);
    if (this.timer) {
      if (this.timerDue <= due) return;
      clearTimeout(this.timer);
    }
    this.timerDue = due;
    this.timer = setTimeout(() => this.fire(), due - this.now());
  }

  private fire(): void {
    this.timer = undefined;
    if (this.busy > 0) return; // whileListing schedules again when the last call ends
    if (this.holding) return this.schedule();
    if (this.everything) {
      this.changed.fire(undefined);
      this.everything = false;
      this.pending.clear();
      return;
    }
    const ready = [...this.pending].filter((node) => this.settlingMs(node) === 0);
    for (const node of ready) this.pending.delete(node);
    if (ready.length > 0) this.changed.fire(ready);
    this.schedule(); // the rows still settling
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}
