// An HTTP proxy in front of the emulator, for tests that must decide when answers come instead of
// slowing everything down and hoping: it forwards each request as it is, can hold requests back
// (a held request reaches the emulator only when released, and never if its client gives up
// first), tells the test about every exchange, and says how many requests are still under way.
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';

/** A request as it arrived. */
export interface ProxiedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Path without the query. */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** A request and the answer it got. */
export interface ProxiedExchange extends ProxiedRequest {
  status: number;
  responseBody: Buffer;
}

/** Options of {@link startProxy}. */
export interface ProxyOptions {
  /** Asked as each request arrives: true holds it back until {@link HttpProxy.release}. */
  hold?: (request: ProxiedRequest) => boolean;
  /** Told of each answered exchange, before the answer is passed on. */
  onExchange?: (exchange: ProxiedExchange) => void;
}

/** A running proxy. */
export interface HttpProxy {
  /** `http://127.0.0.1:PORT`: use it where the emulator's URL would go. */
  readonly url: string;
  /** Requests held back whose clients still wait. */
  held(): number;
  /** Requests forwarded or held, not answered and not given up yet. */
  pending(): number;
  /** Forwards every held request whose client still waits. */
  release(): void;
  close(): Promise<void>;
}

// Headers that describe one hop, not the message.
const HOP_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);

/** Starts a proxy on 127.0.0.1 that forwards to `target` (e.g. the emulator's graphUrl). */
export async function startProxy(target: string, options: ProxyOptions = {}): Promise<HttpProxy> {
  const heldBack: { request: ProxiedRequest; res: ServerResponse }[] = [];
  let pending = 0;

  const forward = async (request: ProxiedRequest, res: ServerResponse): Promise<void> => {
    const upstream = await fetch(`${target}${request.url}`, {
      method: request.method,
      headers: request.headers,
      body: request.body.length ? new Uint8Array(request.body) : undefined,
      redirect: 'manual',
    });
    const responseBody = Buffer.from(await upstream.arrayBuffer());
    options.onExchange?.({ ...request, status: upstream.status, responseBody });
    const headers: Record<string, string> = {};
    upstream.headers.forEach((value, key) => {
      if (!HOP_HEADERS.has(key) && key !== 'content-encoding') headers[key] = value;
    });
    if (!res.destroyed) res.writeHead(upstream.status, headers).end(responseBody);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !HOP_HEADERS.has(key)) headers[key] = value;
    }
    const url = req.url ?? '/';
    const request: ProxiedRequest = {
      method: req.method ?? 'GET',
      url,
      path: new URL(url, target).pathname,
      headers,
      body,
    };
    pending += 1;
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        pending -= 1;
      }
    };
    // The answer was sent, or the client gave up waiting for it.
    res.on('close', finish);
    if (options.hold?.(request)) {
      heldBack.push({ request, res });
      return;
    }
    forward(request, res).catch(() => {
      if (!res.destroyed) res.writeHead(502).end();
    });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const waiting = () => heldBack.filter((h) => !h.res.destroyed && !h.res.writableEnded);
  return {
    url: `http://127.0.0.1:${port}`,
    held: () => waiting().length,
    pending: () => pending,
    release: () => {
      for (const { request, res } of heldBack.splice(0)) {
        if (res.destroyed) continue;
        forward(request, res).catch(() => {
          if (!res.destroyed) res.writeHead(502).end();
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
