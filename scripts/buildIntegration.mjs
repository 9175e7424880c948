// Builds the integration suites and the test-runner extension that runs them inside a VS Code
// extension host, then packages the runner as a VSIX for the real host.
//   out/integration/runner/          the runner extension (extension.js, electronIndex.js, suite/*.test.js)
//   out/integration/runElectron.js   the @vscode/test-electron launcher
//   out/integration/mapillary-test-runner.vsix
// Usage: node scripts/buildIntegration.mjs [--results FILE] [--grep PATTERN] [--suites DIR] [--out DIR]
// (--suites and --out build a runner for another folder of in-host suites, e.g. one an end-to-end
// test drives; the defaults are test/integration/suite and out/integration.)
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    results: { type: 'string' },
    grep: { type: 'string' },
    suites: { type: 'string' },
    out: { type: 'string' },
  },
});
const out = path.resolve(root, values.out ?? path.join('out', 'integration'));
const runnerDir = path.join(out, 'runner');
const resultsFile = path.resolve(
  values.results ?? path.join(root, 'test-results', 'integration-results.json'),
);

rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(runnerDir, 'suite'), { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  external: ['vscode', 'mocha', '@vscode/test-electron'],
};
const suiteDir = path.resolve(root, values.suites ?? path.join('test', 'integration', 'suite'));
const suites = readdirSync(suiteDir).filter((f) => f.endsWith('.test.ts'));
await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: suites.map((f) => path.join(suiteDir, f)),
    outdir: path.join(runnerDir, 'suite'),
  }),
  esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'test', 'integration', 'runner', 'extension.ts')],
    outfile: path.join(runnerDir, 'extension.js'),
    define: {
      __RESULTS_FILE__: JSON.stringify(resultsFile),
      __MOCHA_ANCHOR__: JSON.stringify(path.join(root, 'package.json')),
      __GREP__: JSON.stringify(values.grep ?? ''),
    },
  }),
  esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'test', 'integration', 'runner', 'electronIndex.ts')],
    outfile: path.join(runnerDir, 'electronIndex.js'),
  }),
  esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'test', 'integration', 'runner', 'runElectron.ts')],
    outfile: path.join(out, 'runElectron.js'),
  }),
]);

writeFileSync(
  path.join(runnerDir, 'package.json'),
  JSON.stringify(
    {
      name: 'mapillary-test-runner',
      displayName: 'Mapillary Explorer test runner',
      description: 'Runs the Mapillary Explorer integration suites inside the extension host.',
      version: '0.0.1',
      publisher: 'mapillary-explorer',
      license: 'MIT',
      engines: { vscode: '^1.100.0' },
      activationEvents: ['onStartupFinished'],
      main: './extension.js',
      extensionDependencies: ['mapillary-explorer.mapillary-explorer'],
    },
    null,
    2,
  ),
);
writeFileSync(path.join(runnerDir, 'LICENSE'), 'MIT\n');
writeFileSync(path.join(runnerDir, 'README.md'), '# Mapillary Explorer test runner\n');
writeFileSync(path.join(runnerDir, '.vscodeignore'), 'electronIndex.js\n');
execFileSync(
  process.execPath,
  [
    path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
    'package',
    '--no-dependencies',
    '--skip-license',
    '--allow-missing-repository',
    '--out',
    path.join(out, 'mapillary-test-runner.vsix'),
  ],
  { cwd: runnerDir, stdio: ['ignore', 'ignore', 'inherit'] },
);
console.log(
  `integration runner built (${suites.length} suite files), results → ${path.relative(root, resultsFile)}`,
);
