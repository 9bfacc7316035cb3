// The part of `npm run bench` that runs inside a real VS Code (code-server), loaded by
// test/vscode/runExtensionTests.ts in place of the test suite (HIVER_HOST_ENTRY). It prints
// figures, not verdicts on them: one JSON line per figure (`bench {...}`), read by
// test/bench/run.ts. Its few checks are counts and shapes; they end the output with the
// runner's `N passed, N failed` line.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { HiverExtensionApi } from '../../../src/extension';
import { DEMO_KEY, EXTENSION_ID, sim, waitFor, type SimLogEntry } from '../../suite/testUtils';

const CONVERSATION_ROWS = 10_000;

export async function run(): Promise<void> {
  const resultsFile = process.env.HIVER_TEST_RESULTS;
  if (resultsFile) fs.writeFileSync(resultsFile, '');
  const print = (line: string) => {
    console.log(line);
    if (resultsFile) fs.appendFileSync(resultsFile, `${line}\n`);
  };
  const figure = (name: string, value: number | string, unit = '') => print(`bench ${JSON.stringify({ name, value, unit })}`);
  let passed = 0;
  let failed = 0;
  const check = (what: string, ok: boolean) => {
    print(`${ok ? 'ok' : 'FAILED'}: ${what}`);
    if (ok) passed++;
    else failed++;
  };

  try {
    const extension = vscode.extensions.getExtension<HiverExtensionApi>(EXTENSION_ID);
    if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
    const wasActive = extension.isActive;
    const started = performance.now();
    const api = await extension.activate();
    if (!wasActive) figure('activation', Math.round(performance.now() - started), 'ms');
    else figure('activation', 'already active: not measured');
    const productionBundle = process.env.HIVER_BENCH_PRODUCTION_BUNDLE;
    if (productionBundle) {
      // The part of activation the bundle's size drives: parsing it and running its top-level
      // code, timed on a second instance of the packaged bundle (it defines, registers nothing).
      const loadStarted = performance.now();
      createRequire(__filename)(productionBundle);
      figure('loading the packaged bundle (parse, top-level code)', Math.round((performance.now() - loadStarted) * 10) / 10, 'ms');
      // What the first panel, triage command or search adds (its top-level code runs then too,
      // which needs the extension's modules: not timed here).
      const featuresStarted = performance.now();
      createRequire(__filename)(path.join(path.dirname(productionBundle), 'features.js'));
      figure('loading dist/features.js on first use (parse)', Math.round((performance.now() - featuresStarted) * 10) / 10, 'ms');
    }

    await sim.configure({ dataset: 'large' });
    await sim.reset();
    await vscode.commands.executeCommand('hiver.setApiKey', DEMO_KEY);
    const { model } = api.session;
    await waitFor(() => model.inboxes.loaded, 'the inbox list', 30_000);
    const inboxCount = model.inboxes.size;

    const count = async (task: () => PromiseLike<unknown>, pattern: RegExp = /./): Promise<number> => {
      await sim.clearLog();
      await task();
      return (await sim.log()).filter((entry: SimLogEntry) => entry.status !== 429 && pattern.test(entry.path)).length;
    };

    const users = { kind: 'users' as const, inboxId: '101' };
    const allUsers = await count(() => model.loadAll(users));
    figure('task: list every user of an inbox', allUsers, `requests for ${model.list(users).size} users`);

    const loadedEmail = model.list(users).items[0].email;
    const findLoaded = await count(() => vscode.commands.executeCommand('hiver.findUser', { query: loadedEmail }));
    figure('task: find a loaded user by email', findLoaded, 'requests');

    const stranger = (await sim.inbox('102')).users.at(-1).email as string;
    const findStranger = await count(() => vscode.commands.executeCommand('hiver.findUser', { query: stranger, scope: 'server' }));
    figure('task: find a user nobody loaded', findStranger, `requests for ${inboxCount} inboxes`);

    await model.ensureLoaded({ kind: 'tags', inboxId: '101' });
    const conversations = { kind: 'conversations' as const, inboxId: '101' };
    await model.ensureLoaded(conversations);
    const conversationId = model.list(conversations).items[0].id;
    const openConversation = await count(() => api.panels.show({ kind: 'conversation', inboxId: '101', id: conversationId }));
    figure('task: open a conversation whose users and tags are loaded', openConversation, 'requests');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    // 10,000 loaded conversations in one group: the time to list its rows, and the heap they cost.
    const heapBefore = process.memoryUsage().heapUsed;
    const loadRequests = await count(async () => {
      while (model.list(conversations).size < CONVERSATION_ROWS && model.list(conversations).hasMore) await model.loadMore(conversations);
    });
    const heapAfterLoad = process.memoryUsage().heapUsed;
    // Rows show assignee and tag names: with every name loaded, listing needs no request.
    await model.loadAll({ kind: 'tags', inboxId: '101' });
    const provider = api.tree.provider;
    const inbox = (await provider.getChildren()).find((row) => row.id.endsWith('/101'));
    if (!inbox) throw new Error('no row for inbox 101');
    const group = (await provider.getChildren(inbox)).find((row) => row.id.endsWith('/conversations'));
    if (!group) throw new Error('no Conversations row');
    const times: number[] = [];
    let rows = 0;
    const listRequests = await count(async () => {
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const children = await provider.getChildren(group);
        for (const row of children.slice(0, 50)) await provider.getTreeItem(row);
        times.push(performance.now() - t0);
        rows = children.length;
      }
    });
    const heapAfterRows = process.memoryUsage().heapUsed;
    const loadedCount = model.list(conversations).size;
    figure('10k rows: conversations loaded', loadedCount, `with ${loadRequests} requests`);
    figure('10k rows: getChildren, first call', Math.round(times[0]), 'ms');
    figure('10k rows: getChildren, median of the next 4', Math.round(times.slice(1).sort((a, b) => a - b)[2]), 'ms');
    figure('10k rows: heap growth, loading', Math.round((heapAfterLoad - heapBefore) / 1e6), 'MB');
    figure('10k rows: heap growth, listing 5 times', Math.round((heapAfterRows - heapAfterLoad) / 1e6), 'MB');
    check(`the group lists every loaded conversation (${rows} rows for ${loadedCount})`, rows >= loadedCount && loadedCount >= CONVERSATION_ROWS);
    check(`listing loaded rows sends no request (${listRequests} sent)`, listRequests === 0);
  } catch (error) {
    print(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    failed++;
  } finally {
    await sim.configure({ dataset: 'demo' }).catch(() => undefined);
  }
  print(`${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} bench check(s) failed`);
}
