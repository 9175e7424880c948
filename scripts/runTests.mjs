// The one test command (`npm test`): unit tests in Node, integration suites inside the real VS Code
// host, and end-to-end tests that drive the workbench in headless Chromium. It ends with one line,
// "N passed, N failed, N skipped", summed over every suite, and exits non-zero on any failure.
// When the real host or Chromium cannot be installed, the suites that need them are reported as
// SKIPPED, loudly, and never counted as passed.
//
// Usage: node scripts/runTests.mjs [unit|integration|e2e ...]   (default: all three)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const runs = wanted.length ? wanted : ['unit', 'integration', 'e2e'];
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function banner(text) {
  console.log(`\n━━━ ${text} ${'━'.repeat(Math.max(0, 70 - text.length))}`);
}

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
}

function add(name, counts, note = '') {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  lines.push(
    `${name.padEnd(12)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${note}`,
  );
}

function readSummary(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function mochaSuite(name, config, extraArgs = []) {
  banner(`${name} tests`);
  const summary = path.join(results, `${name}-summary.json`);
  rmSync(summary, { force: true });
  const result = run(
    process.execPath,
    [
      path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
      '--config',
      config,
      '--reporter',
      path.join(root, 'test', 'support', 'summaryReporter.cjs'),
      ...extraArgs,
    ],
    { env: { ...process.env, MOCHA_SUMMARY_FILE: summary } },
  );
  const counts = readSummary(summary);
  if (!counts) {
    add(
      name,
      { passed: 0, failed: 1, skipped: 0 },
      ` (mocha exited ${result.status} without results)`,
    );
    return;
  }
  add(name, counts);
}

/** Installs (or finds) the real VS Code host; returns why it is unusable, or undefined. */
function ensureHost() {
  if (process.env.MAPILLARY_SKIP_HOST === '1') return 'MAPILLARY_SKIP_HOST=1';
  const result = spawnSync('bash', [path.join(root, 'scripts', 'installVscodeHost.sh')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) return (result.stderr || result.stdout).trim().split('\n').pop();
  if (!existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH)
    return 'Chromium is not installed (apt-get install chromium)';
  return undefined;
}

function buildPackage() {
  banner('building the VSIX');
  return (
    run('npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] })
      .status === 0
  );
}

function countIts(dir) {
  let n = 0;
  for (const f of readdirSync(dir))
    if (f.endsWith('.test.ts'))
      n += (readFileSync(path.join(dir, f), 'utf8').match(/^\s*it\(/gm) ?? []).length;
  return n;
}

async function integration(hostProblem) {
  banner('integration tests (real VS Code host)');
  const suiteDir = path.join(root, 'test', 'integration', 'suite');
  if (hostProblem) {
    const n = countIts(suiteDir);
    console.log(`\n!!! SKIPPED: ${n} integration tests cannot run: ${hostProblem}\n`);
    add('integration', { passed: 0, failed: 0, skipped: n }, ' (host unavailable)');
    return;
  }
  const resultsFile = path.join(results, 'integration-results.json');
  rmSync(resultsFile, { force: true });
  const build = run(process.execPath, [
    path.join(root, 'scripts', 'buildIntegration.mjs'),
    '--results',
    resultsFile,
  ]);
  if (build.status !== 0) {
    add('integration', { passed: 0, failed: 1, skipped: 0 }, ' (build failed)');
    return;
  }
  const result = run(process.execPath, [
    path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
    path.join(root, 'test', 'integration', 'runInHost.ts'),
    resultsFile,
  ]);
  const counts = readSummary(resultsFile);
  if (!counts) {
    add(
      'integration',
      { passed: 0, failed: 1, skipped: 0 },
      ` (no results; runner exited ${result.status})`,
    );
    return;
  }
  add('integration', counts);
}

let hostProblem;
if (runs.includes('integration') || runs.includes('e2e')) {
  hostProblem = ensureHost();
  if (!buildPackage()) {
    console.error('building the VSIX failed');
    process.exit(1);
  }
}
if (runs.includes('unit')) mochaSuite('unit', path.join(root, '.mocharc.unit.json'));
if (runs.includes('integration')) await integration(hostProblem);
if (runs.includes('e2e')) {
  if (hostProblem) console.log(`\n!!! SKIPPED: end-to-end tests cannot run: ${hostProblem}\n`);
  mochaSuite('e2e', path.join(root, '.mocharc.e2e.json'));
}

banner('summary');
for (const line of lines) console.log(line);
const summary = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
writeFileSync(path.join(results, 'summary.txt'), `${summary}\n`);
console.log(summary);
process.exitCode = totals.failed > 0 ? 1 : 0;
