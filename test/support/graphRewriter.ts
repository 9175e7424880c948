// A pass-through in front of a Graph API (the emulator) that answers chosen paths with a body the
// test gives, so an end-to-end test can show the extension what the real service may send and the
// emulator does not (thousands of detections, outlines wrapped over lines). Every other request is
// forwarded as it came; links in JSON answers are rewritten to come back through here.
import { createServer, type IncomingMessage, type Server } from 'node:http';

/** The running pass-through. */
export interface GraphRewriter {
  /** Base URL to give the extension as its Graph API URL. */
  url: string;
  /** Answers GET `path` (without the query) with `body` as JSON from now on. */
  replace(path: string, body: unknown): void;
  /** Requests answered with a replaced body so far. */
  replaced(): number;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Starts a pass-through to `target` (an origin such as `http://127.0.0.1:PORT`). */
export async function startGraphRewriter(target: string): Promise<GraphRewriter> {
  const replacements = new Map<string, string>();
  let replacedCount = 0;
  let self = '';
  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', target);
      const replacement = request.method === 'GET' ? replacements.get(url.pathname) : undefined;
      if (replacement !== undefined) {
        replacedCount++;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(replacement);
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type', 'accept']) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const body = request.method === 'GET' ? undefined : await readBody(request);
      const answer = await fetch(url, {
        method: request.method,
        headers,
        body: body ? new Uint8Array(body) : undefined,
      });
      const type = answer.headers.get('content-type') ?? '';
      let bytes = Buffer.from(await answer.arrayBuffer());
      if (type.includes('json'))
        bytes = Buffer.from(bytes.toString('utf8').replaceAll(target, self));
      const out: Record<string, string> = {};
      for (const name of ['content-type', 'retry-after', 'x-app-usage']) {
        const value = answer.headers.get(name);
        if (value !== null) out[name] = value;
      }
      response.writeHead(answer.status, out);
      response.end(bytes);
    })().catch((error: unknown) => {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  self = `http://127.0.0.1:${address.port}`;
  return {
    url: self,
    replace(path, body) {
      replacements.set(path, JSON.stringify(body));
    },
    replaced: () => replacedCount,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
