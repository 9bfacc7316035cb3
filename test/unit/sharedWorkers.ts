// Forks sharedWorker.ts processes (real processes, as separate VS Code windows are) and
// collects what they report. Used by sharedPacing.test.ts and the pacing benchmark.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { WorkerConfig, WorkerMessage } from './sharedWorker';

export interface Worker {
  child: ChildProcess;
  answered: number;
  /** When each request left (wall-clock ms). */
  sent: number[];
  /** The 'done' report, or undefined when the process ended without one (killed). */
  done: Promise<Extract<WorkerMessage, { type: 'done' }> | undefined>;
}

export function startWorker(config: WorkerConfig): Worker {
  const child = fork(path.join(__dirname, 'sharedWorker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const worker: Worker = { child, answered: 0, sent: [], done: undefined as never };
  let report: Extract<WorkerMessage, { type: 'done' }> | undefined;
  child.on('message', (message: WorkerMessage) => {
    if (message.type === 'answered') worker.answered++;
    else if (message.type === 'sent') worker.sent.push(message.at);
    else report = message;
  });
  worker.done = new Promise((resolve) => child.once('exit', () => resolve(report)));
  child.send(config);
  return worker;
}
