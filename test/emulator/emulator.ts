// A local HTTP emulator of the Mapillary service: Graph API, vector tiles, thumbnails and OAuth,
// with injectable faults and latency, for tests, benchmarks and the demo.
import { createHmac } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type Dataset, type DatasetSize, buildDataset, datasetHash, findImage } from './dataset';
import { type EmulatorClock, systemClock } from './clock';
import { type ViewContext } from './entityViews';
import { type FaultSpec, FaultList, faultProblem } from './faults';
import { type GraphReply, graphEndpoint, handleGraph } from './graphApi';
import {
  type GraphFailure,
  invalidToken,
  rateLimited,
  serverError,
  tooMuchData,
} from './graphErrors';
import { type OAuthReply, OAuthServer } from './oauth';
import { Prng } from './prng';
import { type ThumbSize, Thumbnails } from './thumbnails';
import { TileMaker } from './tiles';
import { TokenStore } from './tokenStore';

export { type FaultSpec } from './faults';
export { type Dataset } from './dataset';

/** How to build and run an emulator. */
export interface EmulatorOptions {
  /** Seed of the dataset and of fault rates; default 1. */
  seed?: number;
  /** small (~2,000 images, for tests) or city (~100,000 images, for benchmarks); default small. */
  size?: DatasetSize;
  /** Milliseconds added to every response; default 0. */
  latencyMs?: number;
  /** Port on 127.0.0.1; default 0 (ephemeral). */
  port?: number;
  /** `expires_in` of issued OAuth tokens; default 5,184,000 (60 days). */
  tokenTtlSeconds?: number;
  /** How long signed thumbnail URLs stay valid; default 600 (10 minutes). */
  thumbTtlSeconds?: number;
  /** Searches whose bbox matches more than this answer HTTP 500 "reduce the amount of data"; default 5,000. */
  denseThreshold?: number;
  /**
   * The time tokens, codes and thumbnail URLs expire by (and the request log is stamped with);
   * default the real time. Tests pass a `ManualClock` and advance it instead of sleeping.
   */
  clock?: EmulatorClock;
}

/** One request the emulator answered (control requests under `/__emulator/` are not recorded). */
export interface RequestRecord {
  method: string;
  /** Path without the query (queries can hold tokens). */
  path: string;
  /** e.g. `graph:images`, `tiles:mly1_public`, `thumb`, `oauth:token`. */
  endpoint: string;
  status: number;
  /** Epoch milliseconds, by the emulator's clock, when the answer was sent (or the connection cut). */
  at: number;
}

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:PORT`: Graph endpoints at its root, as on graph.mapillary.com. */
  readonly graphUrl: string;
  /** `http://127.0.0.1:PORT/tiles`: a tile is `${tilesUrl}/mly1_public/2/z/x/y`. */
  readonly tilesUrl: string;
  /** `http://127.0.0.1:PORT/connect`: the OAuth consent page. */
  readonly authorizeUrl: string;
  /** A valid client access token, `MLY|<digits>|<hex>`. */
  readonly clientToken: string;
  /** The registered app's credentials for the OAuth exchange. */
  readonly oauthClient: { id: string; secret: string };
  readonly dataset: Dataset;
  setLatency(ms: number): void;
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  requests(): RequestRecord[];
  /** Requests whose endpoint starts with the prefix, e.g. `count('tiles:')`. */
  count(endpointPrefix: string): number;
  resetLog(): void;
  /** A valid user token (for the dataset's first user) without the browser flow. */
  issueUserToken(ttlSeconds?: number): string;
  revokeToken(token: string): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: Buffer;
  contentType: string;
}

/** Builds the dataset and starts the server on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = options.seed ?? 1;
  const dataset = buildDataset(seed, options.size ?? 'small');
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
  private readonly tokens: TokenStore;
  private readonly faults: FaultList;
  private readonly thumbs: Thumbnails;
  private readonly tiles: TileMaker;
  private readonly oauth: OAuthServer;
  private readonly denseThreshold: number;
  private readonly clock: EmulatorClock;
  private latencyMs: number;
  private log: RequestRecord[] = [];
  private hash: string | undefined;

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
    );
    this.tiles = new TileMaker(dataset);
    const user = dataset.users[0];
    if (!user) {
      throw new Error('the dataset has no users');
    }
    this.oauth = new OAuthServer(this.tokens, user.id, user.username);
    this.denseThreshold = options.denseThreshold ?? 5000;
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
        this.tilesUrl = `${this.graphUrl}/tiles`;
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
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    if (path.startsWith('/__emulator/')) {
      send(res, this.control(method, path, body));
      return;
    }
    const endpoint = this.endpoint(path, url.searchParams);
    if (this.latencyMs > 0) {
      await sleep(this.latencyMs);
    }
    // An expired thumbnail only makes sense on a thumbnail URL.
    const fault = this.faults.take(path, (f) => f.kind !== 'expiredThumb' || endpoint === 'thumb');
    const record = (status: number): void => {
      this.log.push({ method, path, endpoint, status, at: this.clock.now() });
    };
    let reply: Reply;
    switch (fault?.kind) {
      case 'rateLimit':
        reply = json(rateLimited(fault.status ?? 429, fault.retryAfterSeconds ?? 60));
        break;
      case 'serverError':
        reply = json(serverError(fault.status ?? 500));
        break;
      case 'tooMuchData':
        reply = json(tooMuchData(fault.status ?? 500));
        break;
      case 'invalidToken':
        reply = json(invalidToken(fault.status ?? 401));
        break;
      case 'html':
        reply = {
          status: fault.status ?? 502,
          contentType: 'text/html; charset=utf-8',
          body: Buffer.from(
            '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>proxygen</center></body></html>\n',
          ),
        };
        break;
      case 'expiredThumb':
        reply = text(fault.status ?? 403, 'URL signature expired');
        break;
      case 'slow':
        await sleep(fault.delayMs ?? 2000);
        reply = this.answer(method, path, url.searchParams, req, body);
        break;
      default:
        reply = this.answer(method, path, url.searchParams, req, body);
    }
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

  private endpoint(path: string, query: URLSearchParams): string {
    if (path.startsWith('/tiles/')) {
      return `tiles:${path.split('/')[2] ?? ''}`;
    }
    if (path.startsWith('/thumbs/')) {
      return 'thumb';
    }
    if (path === '/connect' || path.startsWith('/connect/')) {
      return 'oauth:connect';
    }
    return graphEndpoint(path, query, this.dataset);
  }

  private answer(
    method: string,
    path: string,
    query: URLSearchParams,
    req: IncomingMessage,
    body: Buffer,
  ): Reply {
    if (path.startsWith('/thumbs/')) {
      return this.thumb(path, query);
    }
    if (path === '/connect' && method === 'GET') {
      return oauthReply(this.oauth.connect(query));
    }
    if (path === '/connect/decide' && method === 'POST') {
      return oauthReply(this.oauth.decide(new URLSearchParams(body.toString('utf8'))));
    }
    if (path === '/token') {
      if (method !== 'POST') {
        return text(405, 'Method Not Allowed');
      }
      return oauthReply(
        this.oauth.token(req.headers.authorization, formOrJson(body, req.headers['content-type'])),
      );
    }
    const token = tokenOf(req, query);
    const info = this.tokens.check(token);
    if (!token || !info) {
      return json(invalidToken(401));
    }
    if (path.startsWith('/tiles/')) {
      return this.tile(path);
    }
    if (method !== 'GET') {
      return text(405, 'Method Not Allowed');
    }
    const ctx: ViewContext = { dataset: this.dataset, baseUrl: this.graphUrl, thumbs: this.thumbs };
    const reply = json(
      handleGraph({ path, query, token, tokenInfo: info }, ctx, {
        denseThreshold: this.denseThreshold,
      }),
    );
    reply.headers = { ...reply.headers, 'x-app-usage': this.appUsage() };
    return reply;
  }

  // Like the service, every Graph answer reports the app's share of its per-minute budget (a
  // notional 50,000 calls) as percentages.
  private appUsage(): string {
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

  private tile(path: string): Reply {
    const m = /^\/tiles\/([a-z0-9_]+)\/2\/(\d+)\/(\d+)\/(\d+)$/.exec(path);
    const bytes = m
      ? this.tiles.tile(m[1] ?? '', Number(m[2]), Number(m[3]), Number(m[4]))
      : undefined;
    if (!bytes) {
      return text(404, 'Not Found');
    }
    return {
      status: 200,
      contentType: 'application/x-protobuf',
      body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      headers: { 'Cache-Control': 'max-age=3600' },
    };
  }

  private thumb(path: string, query: URLSearchParams): Reply {
    const m = /^\/thumbs\/(\d+)\/(256|1024|2048|original)\.jpg$/.exec(path);
    const image = m?.[1] ? findImage(this.dataset, m[1]) : undefined;
    if (!m || !image) {
      return text(404, 'Not Found');
    }
    const size = m[2] as ThumbSize;
    const problem = this.thumbs.verify(image.id, size, query.get('oe'), query.get('sig'));
    if (problem) {
      return text(403, problem === 'expired' ? 'URL signature expired' : 'Bad URL hash');
    }
    return {
      status: 200,
      contentType: 'image/jpeg',
      body: this.thumbs.jpeg(image.id, size, image.width, image.height),
    };
  }

  private control(method: string, path: string, body: Buffer): Reply {
    const parse = (): unknown => (body.length > 0 ? JSON.parse(body.toString('utf8')) : {});
    try {
      switch (`${method} ${path}`) {
        case 'POST /__emulator/faults': {
          const input = parse();
          const list = Array.isArray(input) ? input : [input];
          for (const f of list) {
            const problem = faultProblem(f);
            if (problem) {
              return rawJson(400, { error: problem });
            }
          }
          list.forEach((f) => this.addFault(f as FaultSpec));
          return rawJson(200, { faults: this.faults.list() });
        }
        case 'GET /__emulator/faults':
          return rawJson(200, { faults: this.faults.list() });
        case 'DELETE /__emulator/faults':
          this.clearFaults();
          return rawJson(200, { faults: [] });
        case 'GET /__emulator/requests': {
          const counts: Record<string, number> = {};
          for (const r of this.log) {
            counts[r.endpoint] = (counts[r.endpoint] ?? 0) + 1;
          }
          return rawJson(200, { requests: this.log, counts });
        }
        case 'DELETE /__emulator/requests':
          this.resetLog();
          return rawJson(200, { requests: [] });
        case 'POST /__emulator/latency': {
          const input = parse() as { ms?: unknown };
          if (typeof input.ms !== 'number') {
            return rawJson(400, { error: 'expected {"ms": number}' });
          }
          this.setLatency(input.ms);
          return rawJson(200, { latencyMs: this.latencyMs });
        }
        case 'GET /__emulator/dataset':
          return rawJson(200, this.summary());
        case 'POST /__emulator/tokens': {
          const input = parse() as { ttlSeconds?: unknown };
          const ttl = typeof input.ttlSeconds === 'number' ? input.ttlSeconds : undefined;
          return rawJson(200, { access_token: this.issueUserToken(ttl) });
        }
        case 'POST /__emulator/revoke': {
          const input = parse() as { token?: unknown };
          if (typeof input.token !== 'string') {
            return rawJson(400, { error: 'expected {"token": string}' });
          }
          this.revokeToken(input.token);
          return rawJson(200, {});
        }
        default:
          return rawJson(404, { error: `no control endpoint ${method} ${path}` });
      }
    } catch (err) {
      return rawJson(400, { error: err instanceof Error ? err.message : String(err) });
    }
  }

  private summary(): Record<string, unknown> {
    const d = this.dataset;
    let minLon = Infinity;
    let minLat = Infinity;
    let maxLon = -Infinity;
    let maxLat = -Infinity;
    for (const i of d.images) {
      minLon = Math.min(minLon, i.lon);
      minLat = Math.min(minLat, i.lat);
      maxLon = Math.max(maxLon, i.lon);
      maxLat = Math.max(maxLat, i.lat);
    }
    const longest = d.sequences.reduce((a, b) => (b.imageIds.length > a.imageIds.length ? b : a));
    return {
      seed: d.seed,
      size: d.size,
      hash: (this.hash ??= datasetHash(d)),
      center: d.center,
      bbox: [minLon, minLat, maxLon, maxLat],
      counts: {
        organizations: d.organizations.length,
        users: d.users.length,
        sequences: d.sequences.length,
        images: d.images.length,
        mapFeatures: d.mapFeatures.length,
        detections: d.detections.length,
      },
      graphUrl: this.graphUrl,
      tilesUrl: this.tilesUrl,
      authorizeUrl: this.authorizeUrl,
      // The emulator's credentials are throwaway values; a process driving it needs them.
      clientToken: this.clientToken,
      oauthClient: this.oauthClient,
      samples: {
        longestSequence: { id: longest.id, images: longest.imageIds.length },
        imageIds: d.images.slice(0, 5).map((i) => i.id),
        organizations: d.organizations.map((o) => ({ id: o.id, slug: o.slug })),
        usernames: d.users.slice(0, 10).map((u) => u.username),
        mapFeatureIds: d.mapFeatures.slice(0, 5).map((f) => f.id),
      },
      latencyMs: this.latencyMs,
      denseThreshold: this.denseThreshold,
    };
  }
}

function tokenOf(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const header = req.headers.authorization;
  const m = header ? /^(?:OAuth|Bearer)\s+(.+)$/i.exec(header) : null;
  return m?.[1]?.trim() ?? query.get('access_token') ?? undefined;
}

function formOrJson(body: Buffer, contentType: string | undefined): URLSearchParams {
  const textBody = body.toString('utf8');
  if ((contentType ?? '').includes('json') || textBody.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(textBody) as Record<string, unknown>;
      const out = new URLSearchParams();
      for (const [k, v] of Object.entries(parsed)) {
        if (typeof v === 'string' || typeof v === 'number') {
          out.set(k, String(v));
        }
      }
      return out;
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(textBody);
}

function json(reply: GraphReply | GraphFailure): Reply {
  return {
    status: reply.status,
    contentType: 'application/json; charset=UTF-8',
    body: Buffer.from(JSON.stringify(reply.body)),
    ...(reply.headers ? { headers: reply.headers } : {}),
  };
}

function rawJson(status: number, body: unknown): Reply {
  return json({ status, body });
}

function text(status: number, message: string): Reply {
  return { status, contentType: 'text/plain; charset=utf-8', body: Buffer.from(message) };
}

function oauthReply(reply: OAuthReply | GraphFailure): Reply {
  if (typeof reply.body === 'string') {
    return {
      status: reply.status,
      contentType: 'text/html; charset=utf-8',
      body: Buffer.from(reply.body),
      ...(reply.headers ? { headers: reply.headers } : {}),
    };
  }
  return json(reply);
}

function send(res: ServerResponse, reply: Reply): void {
  // The client may have gone (or close() cut it) while a slow answer was pending.
  if (res.destroyed || res.socket?.destroyed) {
    return;
  }
  res.writeHead(reply.status, {
    ...reply.headers,
    'Content-Type': reply.contentType,
    'Content-Length': String(reply.body.length),
  });
  res.end(reply.body);
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
