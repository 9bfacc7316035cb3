import * as vscode from 'vscode';

/**
 * Collects refresh requests and fires them as one `onDidChangeTreeData` once the tree is idle
 * (no getChildren running). Firing while VS Code is still fetching a node's children makes it
 * fetch them twice at once, which ends in "Element with id … is already registered"; merging
 * also turns a burst of model events into one redraw. (GitLens does the same.)
 */
export class RefreshQueue<T> implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly pending = new Set<T>();
  private everything = false;
  private busy = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly delayMs = 30) {}

  /** Asks for `node` (undefined: the whole tree) to be redrawn soon. */
  request(node: T | undefined): void {
    if (node === undefined) this.everything = true;
    else this.pending.add(node);
    this.schedule();
  }

  /** Runs a getChildren call; refreshes wait until no such call runs. */
  async whileBusy<R>(work: () => Promise<R>): Promise<R> {
    this.busy++;
    try {
      return await work();
    } finally {
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

  private schedule(): void {
    if (this.timer || (!this.everything && this.pending.size === 0)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.busy > 0) return; // whileBusy schedules again when the last call ends
      if (this.everything) this.changed.fire(undefined);
      else if (this.pending.size > 0) this.changed.fire([...this.pending]);
      this.everything = false;
      this.pending.clear();
    }, this.delayMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}
