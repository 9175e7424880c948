// A local HTTP emulator of the Mapillary service: Graph API, vector tiles, thumbnails and OAuth,
// with injectable faults and latency, for tests, benchmarks and the demo.
import { createHmac } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { control } from './controlApi';
import { type Emulator, type EmulatorOptions, type RequestRecord } from './emulatorApi';
import { countryServedDataset } from './countryServed';
import { type Dataset, buildDataset } from './dataset';
import { type FaultSpec, FaultList, faultReply } from './faults';
import { OAuthServer } from './oauth';
import { Prng } from './prng';
import { send } from './replies';
import { answerService, authOf, endpointOf } from './serviceRoutes';
import { Thumbnails, serveThumbnail } from './thumbnails';
import { TILES_PREFIX } from './tilePaths';
import { TileMaker } from './tiles';
import { TokenStore } from './tokenStore';
import { type EmulatorClock, systemClock } from './clock';

export { type FaultSpec } from './faults';
export { type Dataset } from './dataset';
export {
  type Emulator,
  type EmulatorOptions,
  type RequestAuth,
  type RequestRecord,
} from './emulatorApi';

/** Builds the dataset and starts the server on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = options.seed ?? 1;
  const size = options.size ?? 'small';
  const dataset = size === 'country' ? countryServedDataset(seed) : buildDataset(seed, size);
  const impl = new EmulatorServer(dataset, options);
  await impl.listen(options.port ?? 0);
  return impl;
}

class EmulatorServer implements Emulator {
  graphUrl = '';
  tilesUrl = '';
  authorizeUrl = '';
  readonly clientToken: string;
  readonly oauthClient: { id: string; secret: string };
  private readonly server: Server;
  readonly tokens: TokenStore;
  private readonly faults: FaultList;
  readonly thumbs: Thumbnails;
  readonly tiles: TileMaker;
  readonly oauth: OAuthServer;
  readonly denseThreshold: number;
  readonly imageIdsForm: boolean;
  latencyMs: number;
  private readonly clock: EmulatorClock;
  private log: RequestRecord[] = [];
  private pending = 0;

  constructor(
    readonly dataset: Dataset,
    options: EmulatorOptions,
  ) {
    const rng = new Prng(dataset.seed ^ 0x5eed);
    this.clock = options.clock ?? systemClock;
    this.tokens = new TokenStore(rng, options.tokenTtlSeconds ?? 5_184_000, this.clock);
    this.clientToken = this.tokens.clientToken;
    this.oauthClient = { id: this.tokens.clientId, secret: this.tokens.clientSecret };
    this.faults = new FaultList(new Prng(dataset.seed ^ 0xfa17));
    this.thumbs = new Thumbnails(
      createHmac('sha256', 'thumbs').update(String(dataset.seed)).digest('hex'),
      options.thumbTtlSeconds ?? 600,
      this.clock,
      options.pictures === 'streets',
    );
    this.tiles = new TileMaker(dataset);
    const user = dataset.users[0];
    if (!user) {
      throw new Error('the dataset has no users');
    }
    this.oauth = new OAuthServer(this.tokens, user.id, user.username);
    this.denseThreshold = options.denseThreshold ?? 5000;
    this.imageIdsForm = options.imageIdsForm ?? true;
    this.latencyMs = options.latencyMs ?? 0;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
        }
        res.end(`emulator failure: ${err instanceof Error ? err.message : String(err)}`);
      });
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const { port: actual } = this.server.address() as AddressInfo;
        this.graphUrl = `http://127.0.0.1:${actual}`;
        this.tilesUrl = `${this.graphUrl}${TILES_PREFIX}`;
        this.authorizeUrl = `${this.graphUrl}/connect`;
        resolve();
      });
    });
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  addFault(fault: FaultSpec): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  faultList(): FaultSpec[] {
    return this.faults.list();
  }

  requests(): RequestRecord[] {
    return this.log.slice();
  }

  count(endpointPrefix: string): number {
    return this.log.filter((r) => r.endpoint.startsWith(endpointPrefix)).length;
  }

  resetLog(): void {
    this.log = [];
  }

  issueUserToken(ttlSeconds?: number): string {
    const user = this.dataset.users[0] as { id: string };
    return this.tokens.issueUserToken(user.id, ttlSeconds).token;
  }

  revokeToken(token: string): void {
    this.tokens.revoke(token);
  }

  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return Promise.all([closed, this.thumbs.close()]).then(() => undefined);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    if (path.startsWith('/__emulator/')) {
      send(res, control(this, method, path, body));
      return;
    }
    this.pending += 1;
    try {
      await this.serve(req, res, url, method, body);
    } finally {
      this.pending -= 1;
    }
  }

  /** Service requests received and not yet answered (and recorded in the log). */
  inFlight(): number {
    return this.pending;
  }

  private async serve(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    method: string,
    body: Buffer,
  ): Promise<void> {
    const path = url.pathname;
    const endpoint = endpointOf(path, url.searchParams, this.dataset);
    const auth = authOf(req, path, url.searchParams, this.tokens);
    if (this.latencyMs > 0) {
      await sleep(this.latencyMs);
    }
    // An expired thumbnail only makes sense on a thumbnail URL.
    const fault = this.faults.take(path, (f) => f.kind !== 'expiredThumb' || endpoint === 'thumb');
    const record = (status: number): void => {
      this.log.push({
        method,
        path,
        endpoint,
        status,
        at: this.clock.now(),
        ...(auth ? { auth: auth.record } : {}),
      });
    };
    if (fault?.kind === 'slow') {
      await sleep(fault.delayMs ?? 2000);
    }
    const reply =
      (fault ? faultReply(fault) : undefined) ??
      (path.startsWith('/thumbs/')
        ? await serveThumbnail(this.thumbs, this.dataset, path, url.searchParams)
        : answerService(this, method, path, url.searchParams, req, body, auth?.token));
    if ((fault?.kind === 'reset' || fault?.kind === 'truncate') && !res.destroyed) {
      const kind = fault.kind;
      res.writeHead(reply.status, {
        ...reply.headers,
        'Content-Type': reply.contentType,
        // Promise more than will come, so that the cut shows as a short body.
        'Content-Length': String(reply.body.length + 64),
      });
      res.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)), () => {
        if (kind === 'reset') {
          res.socket?.resetAndDestroy();
        } else {
          res.socket?.end();
        }
      });
      record(reply.status);
      return;
    }
    send(res, reply);
    record(reply.status);
  }

  // Like the service, every Graph answer reports the app's share of its per-minute budget (a
  // notional 50,000 calls) as percentages (mapillary-api.md, Errors: "read the x-app-usage header
  // (JSON percentages)").
  appUsage(): string {
    const since = this.clock.now() - 60_000;
    let calls = 1;
    for (let i = this.log.length - 1; i >= 0 && (this.log[i]?.at ?? 0) >= since; i--) {
      if (this.log[i]?.endpoint.startsWith('graph:')) {
        calls++;
      }
    }
    const percent = Math.min(100, Math.floor(calls / 500));
    return JSON.stringify({ call_count: percent, total_cputime: 0, total_time: percent });
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
