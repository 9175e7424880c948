// Runs the integration suites with mocha inside a VS Code extension host and collects the results.
// Used by the test-runner extension (real host: code-server) and by @vscode/test-electron.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import type MochaType from 'mocha';

/** One test's outcome, as written to the results file. */
export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

/** What the harness reads back. */
export interface SuiteResults {
  passed: number;
  failed: number;
  skipped: number;
  tests: TestOutcome[];
  /** Set when the suites could not even start. */
  fatal?: string;
}

/** Runs every `*.test.js` file in `suiteDir`. */
export function runSuites(
  Mocha: typeof MochaType,
  suiteDir: string,
  grep?: string,
): Promise<SuiteResults> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(suiteDir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(suiteDir, file));
  }
  const results: SuiteResults = { passed: 0, failed: 0, skipped: 0, tests: [] };
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(results));
    runner.on('pass', (test) => {
      results.passed++;
      results.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
    });
    runner.on('fail', (test, error: Error) => {
      results.failed++;
      results.tests.push({
        title: test.fullTitle(),
        state: 'failed',
        error: `${error.message}\n${error.stack ?? ''}`,
      });
    });
    runner.on('pending', (test) => {
      results.skipped++;
      results.tests.push({ title: test.fullTitle(), state: 'pending' });
    });
  });
}
