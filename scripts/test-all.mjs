// `npm test`: every check the project has, one stage after another (all stages run even when one
// fails, so a CI log shows everything), then one line over all of them: `N passed, N failed`.
// Run some stages only by naming them: `node scripts/test-all.mjs unit vscode`.
import { spawn } from 'node:child_process';

const STAGES = [
  { name: 'typecheck', command: 'npm run typecheck' },
  { name: 'lint', command: 'npm run lint' },
  { name: 'unit', command: 'npm run test:unit' },
  { name: 'build', command: 'npm run build' },
  { name: 'vscode', command: 'npm run test:vscode' },
  { name: 'ui', command: 'npm run test:ui' },
  { name: 'vsix', command: 'npx tsx test/vscode/vsixSmoke.ts' },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !STAGES.some((stage) => stage.name === name));
if (unknown.length) {
  console.error(`unknown stage(s): ${unknown.join(', ')}; stages are ${STAGES.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

const results = [];
for (const stage of STAGES.filter((s) => !wanted.length || wanted.includes(s.name))) {
  console.log(`\n=== ${stage.name}: ${stage.command}`);
  const started = Date.now();
  const { code, output } = await run(stage.command);
  results.push({ name: stage.name, ...count(code, output), seconds: (Date.now() - started) / 1000 });
}

console.log('\n=== summary');
for (const r of results) {
  console.log(`${r.name.padEnd(10)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)}s`);
}
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

/** Runs a command, echoing its output live and keeping it for counting. */
function run(command) {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * Test counts from the stage's own summary: our runners end with `N passed, N failed`, plain mocha
 * prints `N passing` / `N failing`. A stage with no tests (typecheck, lint, build) counts as one
 * check, and a non-zero exit that no test accounts for counts as one failure.
 */
function count(code, output) {
  const last = (regex) => [...output.matchAll(regex)].at(-1);
  const ours = last(/^(\d+) passed, (\d+) failed$/gm);
  const passing = last(/^\s*(\d+) passing\b/gm);
  const failing = last(/^\s*(\d+) failing\b/gm);
  let passed;
  let failed;
  if (ours) [passed, failed] = [Number(ours[1]), Number(ours[2])];
  else if (passing || failing) [passed, failed] = [Number(passing?.[1] ?? 0), Number(failing?.[1] ?? 0)];
  else [passed, failed] = code === 0 ? [1, 0] : [0, 1];
  if (code !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}
