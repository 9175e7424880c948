// Loaded before the unit tests: the command line keeps its daily tile budget under
// $XDG_STATE_HOME, and the tests run it (in-process and as child processes, which inherit this
// environment) against the emulator. Their counts go to a folder of their own, removed at the end,
// never to the budget of the person running the tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const state = mkdtempSync(path.join(tmpdir(), 'mly-test-state-'));
process.env.XDG_STATE_HOME = state;
process.on('exit', () => rmSync(state, { recursive: true, force: true }));
