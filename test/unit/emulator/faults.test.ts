import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { type Emulator, startEmulator } from '../../emulator/emulator';
import { errorOf, getJson } from './emulatorClient';

/** A raw GET that reports how the response ended: complete, short, or cut by an error. */
function rawGet(url: string): Promise<{
  status?: number;
  declared?: number;
  received: number;
  outcome: 'complete' | 'short' | 'error';
}> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      let received = 0;
      const declared = Number(res.headers['content-length']);
      res.on('data', (c: Buffer) => (received += c.length));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          declared,
          received,
          outcome: received < declared ? 'short' : 'complete',
        }),
      );
      res.on('error', () =>
        resolve({ status: res.statusCode, declared, received, outcome: 'error' }),
      );
      res.on('aborted', () =>
        resolve({ status: res.statusCode, declared, received, outcome: 'error' }),
      );
    });
    req.on('error', () => resolve({ received: 0, outcome: 'error' }));
    req.end();
  });
}

describe('emulator faults, latency and request log', () => {
  let emu: Emulator;
  let imageUrl: string;

  before(async () => {
    emu = await startEmulator({ seed: 1 });
    const image = emu.dataset.images[0];
    assert.ok(image);
    imageUrl = `/${image.id}?fields=captured_at`;
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.clearFaults();
    emu.setLatency(0);
    emu.resetLog();
  });

  it('rateLimit: code 4 with Retry-After and x-app-usage, 429 or 403, for count requests', async () => {
    emu.addFault({ kind: 'rateLimit', match: '/images', count: 2, retryAfterSeconds: 7 });
    emu.addFault({ kind: 'rateLimit', status: 403, count: 1 });
    const [lon, lat] = emu.dataset.center;
    const search = `/images?bbox=${lon},${lat},${lon + 0.001},${lat + 0.001}&fields=id`;
    const a = await getJson(emu, search);
    assert.equal(a.status, 429);
    assert.equal(a.headers.get('retry-after'), '7');
    const usage = JSON.parse(a.headers.get('x-app-usage') ?? '{}') as { call_count?: number };
    assert.equal(typeof usage.call_count, 'number');
    assert.equal(errorOf(a.body).code, 4);
    assert.equal((await getJson(emu, search)).status, 429);
    const other = await getJson(emu, imageUrl);
    assert.equal(other.status, 403, 'the second fault takes the non-matching request');
    assert.equal(errorOf(other.body).code, 4);
    assert.equal((await getJson(emu, search)).status, 200, 'count used up');
  });

  it('serverError and tooMuchData: transient Graph errors, also inside a 200', async () => {
    emu.addFault({ kind: 'serverError', count: 1 });
    const a = await getJson(emu, imageUrl);
    assert.equal(a.status, 500);
    assert.equal(errorOf(a.body).is_transient, true);
    emu.addFault({ kind: 'tooMuchData', count: 1 });
    const b = await getJson(emu, imageUrl);
    assert.equal(b.status, 500);
    assert.match(String(errorOf(b.body).message), /reduce the amount of data/);
    emu.addFault({ kind: 'serverError', status: 200, count: 1 });
    const c = await getJson(emu, imageUrl);
    assert.equal(c.status, 200);
    assert.ok(errorOf(c.body).code);
  });

  it('invalidToken: code 190 even with a good token', async () => {
    emu.addFault({ kind: 'invalidToken', count: 1 });
    const a = await getJson(emu, imageUrl);
    assert.equal(a.status, 401);
    assert.equal(errorOf(a.body).code, 190);
    assert.equal((await getJson(emu, imageUrl)).status, 200);
  });

  it('html: a 502 HTML page', async () => {
    emu.addFault({ kind: 'html', match: 'mly1_public', count: 1 });
    const res = await fetch(
      `${emu.tilesUrl}/mly1_public/2/14/1/1?access_token=${encodeURIComponent(emu.clientToken)}`,
    );
    assert.equal(res.status, 502);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.ok((await res.text()).startsWith('<'));
    emu.addFault({ kind: 'html', status: 504, count: 1 });
    const gateway = await fetch(
      `${emu.graphUrl}${imageUrl}&access_token=${encodeURIComponent(emu.clientToken)}`,
    );
    assert.equal(gateway.status, 504);
    assert.match(await gateway.text(), /^<html>/);
  });

  it('truncate: declares more bytes than it sends, then ends', async () => {
    emu.addFault({ kind: 'truncate', count: 1 });
    const r = await rawGet(
      `${emu.graphUrl}${imageUrl}&access_token=${encodeURIComponent(emu.clientToken)}`,
    );
    assert.equal(r.status, 200);
    assert.notEqual(r.outcome, 'complete');
    assert.ok((r.declared ?? 0) > r.received);
    await assert.rejects(getJsonThroughFetchWithFault(emu, imageUrl, 'truncate'));
  });

  it('reset: the connection is cut mid-response', async () => {
    emu.addFault({ kind: 'reset', count: 1 });
    const r = await rawGet(
      `${emu.graphUrl}${imageUrl}&access_token=${encodeURIComponent(emu.clientToken)}`,
    );
    assert.notEqual(r.outcome, 'complete');
    assert.equal(emu.requests().at(-1)?.status, 200);
  });

  it('slow and latency delay responses', async () => {
    emu.addFault({ kind: 'slow', delayMs: 300, count: 1 });
    let t = Date.now();
    assert.equal((await getJson(emu, imageUrl)).status, 200);
    assert.ok(Date.now() - t >= 290, 'slow');
    emu.setLatency(150);
    t = Date.now();
    await getJson(emu, imageUrl);
    assert.ok(Date.now() - t >= 145, 'latency');
  });

  it('rate: fires on a share of requests, the same share for the same seed', async () => {
    const run = async (): Promise<number[]> => {
      const e = await startEmulator({ seed: 5 });
      try {
        e.addFault({ kind: 'serverError', rate: 0.3 });
        const statuses: number[] = [];
        for (let i = 0; i < 40; i++)
          statuses.push((await getJson(e, `/${e.dataset.images[0]?.id}`)).status);
        return statuses;
      } finally {
        await e.close();
      }
    };
    const a = await run();
    const failures = a.filter((s) => s === 500).length;
    assert.ok(failures > 3 && failures < 25, `${failures} of 40`);
    assert.deepEqual(await run(), a);
  });

  it('logs requests by endpoint without queries', async () => {
    const image = emu.dataset.images[0];
    const seq = emu.dataset.sequences[0];
    assert.ok(image && seq);
    await getJson(emu, `/${image.id}?fields=id`);
    await getJson(emu, `/?ids=${image.id}`);
    await getJson(emu, `/image_ids?sequence_id=${seq.id}`);
    await getJson(emu, `/${image.id}/detections`);
    await fetch(
      `${emu.tilesUrl}/mly1_public/2/14/1/1?access_token=${encodeURIComponent(emu.clientToken)}`,
    );
    assert.equal(emu.count('graph:image'), 2, 'graph:image and graph:image_ids');
    assert.equal(emu.count('graph:ids'), 1);
    assert.equal(emu.count('graph:detections'), 1);
    assert.equal(emu.count('tiles:mly1_public'), 1);
    const log = emu.requests();
    assert.equal(log.length, 5);
    for (const r of log) {
      assert.ok(!r.path.includes('?'));
      assert.ok(!JSON.stringify(r).includes(emu.clientToken), 'no token in the log');
    }
  });

  it('exposes the same controls over HTTP under /__emulator/', async () => {
    const base = `${emu.graphUrl}/__emulator`;
    const summary = (await (await fetch(`${base}/dataset`)).json()) as {
      counts: { images: number };
      hash: string;
    };
    assert.equal(summary.counts.images, emu.dataset.images.length);
    assert.match(summary.hash, /^[0-9a-f]{64}$/);
    const added = await fetch(`${base}/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'serverError', count: 1 }),
    });
    assert.equal(added.status, 200);
    assert.equal((await getJson(emu, imageUrl)).status, 500);
    await fetch(`${base}/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'serverError' }),
    });
    await fetch(`${base}/faults`, { method: 'DELETE' });
    assert.equal((await getJson(emu, imageUrl)).status, 200);
    assert.equal(
      (await fetch(`${base}/faults`, { method: 'POST', body: JSON.stringify({ kind: 'nope' }) }))
        .status,
      400,
    );
    const log = (await (await fetch(`${base}/requests`)).json()) as {
      requests: unknown[];
      counts: Record<string, number>;
    };
    assert.equal(log.requests.length, 2);
    assert.equal(log.counts['graph:image'], 2);
    await fetch(`${base}/latency`, { method: 'POST', body: JSON.stringify({ ms: 120 }) });
    const t = Date.now();
    await getJson(emu, imageUrl);
    assert.ok(Date.now() - t >= 115);
    await fetch(`${base}/requests`, { method: 'DELETE' });
    assert.equal(emu.requests().length, 0);
  });
});

async function getJsonThroughFetchWithFault(
  emu: Emulator,
  path: string,
  kind: 'truncate' | 'reset',
): Promise<void> {
  emu.addFault({ kind, count: 1 });
  const res = await fetch(`${emu.graphUrl}${path}`, {
    headers: { Authorization: `OAuth ${emu.clientToken}` },
  });
  await res.json();
}
