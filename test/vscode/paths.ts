// Where the harness finds the repo and keeps what CI uploads (logs, screenshots, results).
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const RESULTS_DIR = path.resolve(process.env.HIVER_RESULTS_DIR ?? path.join(REPO_ROOT, 'test-results'));
export const SCREENSHOTS_DIR = path.join(RESULTS_DIR, 'screenshots');

/** A file in the results folder (created on demand). */
export function resultsPath(name: string): string {
  fs.mkdirSync(path.dirname(path.join(RESULTS_DIR, name)), { recursive: true });
  return path.join(RESULTS_DIR, name);
}
