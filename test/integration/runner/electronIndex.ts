// Entry point for @vscode/test-electron (`npm run test:electron`): the same suites as in the real
// code-server host, in a downloaded VS Code.
import * as path from 'node:path';
import Mocha from 'mocha';
import { runSuites } from './runSuites';

export async function run(): Promise<void> {
  const results = await runSuites(Mocha, path.join(__dirname, 'suite'));
  if (results.failed > 0) throw new Error(`${results.failed} integration test(s) failed`);
}
