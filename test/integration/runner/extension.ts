// A test-runner extension installed beside Mapillary Explorer in the real VS Code host. When the
// workbench has started it runs the integration suites bundled next to it and writes the results
// to the file the harness named at build time; the harness polls for that file, which appears
// whole (written beside it, then renamed).
import { renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type MochaType from 'mocha';
import { runSuites, type SuiteResults } from './runSuites';

// Baked in by scripts/buildIntegration.mjs.
declare const __RESULTS_FILE__: string;
declare const __MOCHA_ANCHOR__: string;
declare const __GREP__: string;

export async function activate(): Promise<void> {
  let results: SuiteResults;
  try {
    // mocha comes from the project's node_modules; the VSIX carries only the bundled suites.
    const loaded = createRequire(__MOCHA_ANCHOR__)('mocha') as
      typeof MochaType | { default: typeof MochaType };
    const Mocha = 'default' in loaded ? loaded.default : loaded;
    results = await runSuites(Mocha, path.join(__dirname, 'suite'), __GREP__ || undefined);
  } catch (error) {
    results = {
      passed: 0,
      failed: 1,
      skipped: 0,
      tests: [],
      fatal: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error),
    };
  }
  const partial = `${__RESULTS_FILE__}.partial`;
  writeFileSync(partial, JSON.stringify(results, null, 2));
  renameSync(partial, __RESULTS_FILE__);
}

export function deactivate(): void {
  // nothing to release
}
