// What a command needs from the outside world, passed in so tests can run commands in-process
// with their own streams, environment and network, and the options every command shares.

/** Streams, environment and network of one command-line run. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** The network; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Fires when the user interrupts (Ctrl+C); jobs stop and keep their state for a re-run. */
  signal?: AbortSignal;
}

/** Options every command accepts. */
export interface GlobalOptions {
  apiUrl: string;
  tilesUrl: string;
  /**
   * The token of Graph calls, from `--token` or `MAPILLARY_ACCESS_TOKEN` (else the client token);
   * never printed.
   */
  token: string | undefined;
  /** Where {@link token} came from (`--token`, `MAPILLARY_ACCESS_TOKEN`, …), for messages. */
  tokenOrigin: string | undefined;
  /** The app's client token for tiles, from `--client-token` or `MAPILLARY_CLIENT_TOKEN`. */
  clientToken: string | undefined;
  /** Where {@link clientToken} came from, for messages. */
  clientTokenOrigin: string | undefined;
  /** Retries of a failed request (`--retries`, default 4). */
  retries: number;
  /** Where state kept between runs lives (the daily tile budget); undefined keeps it in memory. */
  stateDir: string | undefined;
}
