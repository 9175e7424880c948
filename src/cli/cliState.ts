// Where the command line keeps state between runs: the daily tile budget, so that runs one after
// another (or at once, with the editor) spend one budget instead of each starting from zero. The
// place follows the XDG base directory convention; `--state-dir` chooses another (e.g. the
// extension's global storage folder, to share its budget).
import * as path from 'node:path';

const APP = 'mapillary-explorer';

/** The state folder from `--state-dir`, else the environment; undefined when there is none. */
export function stateDirOf(option: unknown, env: NodeJS.ProcessEnv): string | undefined {
  if (typeof option === 'string' && option.trim()) return path.resolve(option.trim());
  if (env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME)) {
    return path.join(env.XDG_STATE_HOME, APP);
  }
  if (process.platform === 'win32' && env.LOCALAPPDATA) {
    return path.join(env.LOCALAPPDATA, APP, 'state');
  }
  if (env.HOME) return path.join(env.HOME, '.local', 'state', APP);
  return undefined;
}

/** The tile budget's file in a state folder. */
export function budgetFileIn(stateDir: string): string {
  return path.join(stateDir, 'tile-budget.json');
}
