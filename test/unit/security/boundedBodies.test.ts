// Item: every response body is bounded. The token exchange, the refresh and the account check read
// their answers without limit (an endless body reached 4.4 GB); a server that streams forever must
// now fail them with a clear error after a small, fixed amount.
import { strict as assert } from 'node:assert';
import { type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { checkAccessToken } from '../../../src/core/auth/accountCheck';
import { AUTH_BODY_MAX_BYTES, OAuthClient } from '../../../src/core/auth/oauthClient';
import { OAuthError } from '../../../src/core/auth/oauthError';
import { rejection } from '../core/harness';

/** A server that answers every request with a JSON-looking body that never ends. */
function endlessServer(): Promise<{ url: string; sent: () => number; server: Server }> {
  let sent = 0;
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"access_token":"');
    const chunk = Buffer.alloc(16 * 1024, 'a');
    let open = true;
    response.on('close', () => (open = false));
    const pump = () => {
      while (open && response.write(chunk)) sent += chunk.length;
      if (open) response.once('drain', pump);
    };
    request.resume();
    pump();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, sent: () => sent, server });
    }),
  );
}

describe('security: sign-in answers are read with a bound', function () {
  this.timeout(60_000);
  let endless: Awaited<ReturnType<typeof endlessServer>>;
  before(async () => {
    endless = await endlessServer();
  });
  after(() => {
    endless.server.closeAllConnections();
    endless.server.close();
  });

  function assertBounded(error: unknown): void {
    assert.ok(error instanceof OAuthError, String(error));
    assert.equal(error.kind, 'server');
    assert.match(error.message, /larger than 64 KiB and was not read/);
    assert.ok(!error.message.includes('secret') && !error.message.includes('aaaa'));
  }

  it('refuses an endless token exchange answer', async () => {
    const client = new OAuthClient({
      graphUrl: endless.url,
      authorizeUrl: `${endless.url}/connect`,
      clientId: '123',
      timeoutMs: 600_000,
    });
    assertBounded(await rejection(client.exchangeCode('code', 'secret')));
    assertBounded(await rejection(client.refresh('MLYtoken', 'secret')));
  });

  it('refuses an endless account check answer', async () => {
    const error = await rejection(
      checkAccessToken('MLY|1|abc', { graphUrl: endless.url, timeoutMs: 600_000 }),
    );
    assertBounded(error);
    // The transfer stops near the bound instead of running on (socket buffers allow some slack).
    assert.ok(endless.sent() < 64 * AUTH_BODY_MAX_BYTES, `${endless.sent()} bytes sent`);
  });
});
