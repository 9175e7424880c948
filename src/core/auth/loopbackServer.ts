// The loopback callback: a one-page HTTP server on 127.0.0.1 that receives the browser after
// consent, for hosts where the editor's own URI callback cannot be reached (a browser-hosted VS Code
// with no callback route). It answers only `GET /callback`, never echoes the query, and tells the
// browser to keep the page out of caches and referrers, since its URL held a code.
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type DeliveryOutcome } from './pendingAuthorizations';

/** A running loopback server. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>/callback`. */
  readonly callbackUrl: string;
  close(): Promise<void>;
}

const PAGES: Record<DeliveryOutcome, { status: number; title: string; text: string }> = {
  code: {
    status: 200,
    // The exchange has not happened yet and can still fail: VS Code tells the outcome.
    title: 'Authorization received',
    text: 'VS Code is finishing the Mapillary sign-in. You can close this tab and return to VS Code.',
  },
  error: {
    status: 200,
    title: 'Sign-in not completed',
    text: 'Mapillary sign-in did not complete. Return to VS Code for details.',
  },
  ignored: {
    status: 400,
    title: 'Unknown sign-in',
    text: 'This sign-in is not one VS Code is waiting for (it is unknown, finished or expired). Start it again from VS Code.',
  },
};

/** Starts the server; `onCallback` decides what a callback's query means. */
export function startLoopbackServer(
  onCallback: (query: URLSearchParams) => DeliveryOutcome,
): Promise<LoopbackServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const page = PAGES[onCallback(url.searchParams)];
    res
      .writeHead(page.status, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'Content-Security-Policy': "default-src 'none'",
      })
      .end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${page.title}</title></head>` +
          `<body><h1 id="result">${page.title}</h1><p>${page.text}</p></body></html>`,
      );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        callbackUrl: `http://127.0.0.1:${port}/callback`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
