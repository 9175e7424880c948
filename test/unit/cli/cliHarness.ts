// The command line run in process without a network: a fetch that records what it was asked and
// answers as told, a small tile and a detection geometry to feed it.
import { runCli } from '../../../src/cli/cli';
import type { CliIo } from '../../../src/cli/cliIo';
import { Capture } from '../../support/cliRun';
import { inputUrl as urlOf } from '../core/harness';
import { tileBytes } from '../tiles/tileBytes';

export { urlOf };

/** How a run of the command line ended and what it wrote. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** One request a fake fetch was asked for. */
export interface RecordedRequest {
  url: string;
  headers: Record<string, string>;
}

/** Runs the command line in this process with `env` and `fetch`. */
export async function run(
  argv: string[],
  options: { env?: NodeJS.ProcessEnv; fetch?: typeof fetch } = {},
): Promise<Run> {
  const stdout = new Capture();
  const stderr = new Capture();
  const io: CliIo = { stdout, stderr, env: options.env ?? {}, fetch: options.fetch };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

// A fetch that records requests and answers with the given status and body.
function fakeFetch(
  status: number,
  body: Uint8Array | string,
  requests: RecordedRequest[],
): typeof fetch {
  return (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    requests.push({ url: urlOf(input), headers });
    const payload = typeof body === 'string' ? body : Buffer.from(body);
    return Promise.resolve(new Response(payload, { status }));
  };
}

/** The body `/me` answers a client token with (the token is valid, but /me needs a user's). */
const NOT_A_USER =
  '{"error":{"message":"An active user access token must be used","type":"OAuthException","code":2500}}';

/**
 * A service where `/me` says which kind each token is (`users` are user tokens, any other token a
 * client token) and every other request gets `status` and `body`.
 */
export function service(
  status: number,
  body: Uint8Array | string,
  requests: RecordedRequest[],
  users: readonly string[] = [],
): typeof fetch {
  const rest = fakeFetch(status, body, requests);
  return (input, init) => {
    const url = new URL(urlOf(input));
    if (url.pathname !== '/me') return rest(input, init);
    const token = /^OAuth (\S+)$/.exec(new Headers(init?.headers).get('authorization') ?? '')?.[1];
    requests.push({ url: url.href, headers: { authorization: `OAuth ${token ?? ''}` } });
    return Promise.resolve(
      token && users.includes(token)
        ? new Response('{"id":"1","username":"someone"}', { status: 200 })
        : new Response(NOT_A_USER, { status: 400 }),
    );
  };
}

/** A tile of one `image` layer with two points. */
export const smallTile = tileBytes([
  {
    name: 'image',
    keys: ['sequence_id'],
    values: [{ string: 's1' }],
    features: [
      { id: 1n, type: 1, tags: [0, 0], geometry: [9, 100, 100] },
      { id: 2n, type: 1, tags: [0, 0], geometry: [9, 200, 200] },
    ],
  },
]);

/** A detection geometry (base64 of a one-polygon tile). */
export const SIGN =
  'GjgKBm1weS1vchIYEgIAABgDIhAJkCawDRq4BgAAhAO3BgAPGgR0eXBlIgkKB3BvbHlnb24ogCB4AQ==';
