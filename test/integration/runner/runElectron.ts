// Runs the integration suites under @vscode/test-electron, on machines that can download VS Code.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(__dirname, '..', '..');

runTests({
  version: '1.100.3',
  extensionDevelopmentPath: root,
  extensionTestsPath: path.join(__dirname, 'runner', 'electronIndex.js'),
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
