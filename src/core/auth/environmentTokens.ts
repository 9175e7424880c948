// The tokens a process can be given through its environment, read in one place with one cleaning
// rule for both front ends: `MAPILLARY_ACCESS_TOKEN` (the token of Graph calls, any kind) and
// `MAPILLARY_CLIENT_TOKEN` (an app's client token, for tiles). A value that cannot be a token is
// reported by the variable's name, never echoed.
import { normalizeToken } from './tokenText';

/** The variable holding the token of Graph calls (a client or a user token). */
export const ACCESS_TOKEN_VARIABLE = 'MAPILLARY_ACCESS_TOKEN';
/** The variable holding the app's client token, the one tiles take. */
export const CLIENT_TOKEN_VARIABLE = 'MAPILLARY_CLIENT_TOKEN';

/** The environment's tokens, cleaned. */
export interface EnvironmentTokens {
  accessToken?: string;
  clientToken?: string;
  /** One sentence per variable whose value is not a token (it is then ignored). */
  problems: string[];
}

/** Reads both variables from `env` (e.g. `process.env`). */
export function readEnvironmentTokens(
  env: Readonly<Record<string, string | undefined>>,
): EnvironmentTokens {
  const out: EnvironmentTokens = { problems: [] };
  const access = readToken(env, ACCESS_TOKEN_VARIABLE, out.problems);
  if (access) out.accessToken = access;
  const client = readToken(env, CLIENT_TOKEN_VARIABLE, out.problems);
  if (client) out.clientToken = client;
  return out;
}

/** Cleans one token given on a command line or in a variable; a sentence when it is not one. */
export function cleanToken(
  raw: string | undefined,
  name: string,
): { token?: string; problem?: string } {
  if (raw === undefined || raw.trim() === '') return {};
  const normalized = normalizeToken(raw);
  if (normalized.ok) return { token: normalized.token };
  return { problem: `${name}: ${normalized.problem}` };
}

function readToken(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  problems: string[],
): string | undefined {
  const { token, problem } = cleanToken(env[name], name);
  if (problem) problems.push(problem);
  return token;
}
