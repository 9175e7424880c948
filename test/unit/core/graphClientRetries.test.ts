// The Graph client's retries over the emulator: the token in the header, the faults it retries
// (rate limits, server errors, resets, slow answers) and the ones it does not.
import { strict as assert } from 'node:assert';
import { GraphClient } from '../../../src/core/http/graphClient';
import { MapillaryApi } from '../../../src/core/api/mapillaryApi';
import { GraphError } from '../../../src/shared/api/graphError';
import { type FaultSpec } from '../../emulator/emulator';
import { waitFor } from '../../support/waitFor';
import { FakeClock, firstImageId, makeClient, rejection, useEmulator } from './harness';

describe('Graph client over HTTP (emulator): retries', function () {
  this.timeout(60_000);
  const emulator = useEmulator();
  const imageId = firstImageId(emulator);

  it('sends the token in the Authorization header and never in the URL', async () => {
    const { client, sent } = makeClient(emulator());
    const api = new MapillaryApi(client);
    const image = await api.getImage(imageId());
    assert.equal(image.id, imageId());
    assert.ok(image.geometry);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.headers.authorization, `OAuth ${emulator().clientToken}`);
    assert.ok(!sent[0]?.url.includes('access_token'));
    assert.ok(!sent[0]?.url.includes(emulator().clientToken));
  });

  const retryable: [string, FaultSpec][] = [
    ['429 rate limit', { kind: 'rateLimit', count: 1, retryAfterSeconds: 1 }],
    ['403 rate limit', { kind: 'rateLimit', status: 403, count: 1, retryAfterSeconds: 1 }],
    ['500 code 2', { kind: 'serverError', count: 2 }],
    ['200 holding an error body', { kind: 'serverError', status: 200, count: 1 }],
    ['connection reset', { kind: 'reset', count: 1 }],
    ['truncated body', { kind: 'truncate', count: 1 }],
    ['502 HTML page', { kind: 'html', count: 1 }],
  ];
  for (const [name, fault] of retryable) {
    it(`retries after a ${name} and succeeds`, async () => {
      const { client, events } = makeClient(emulator());
      emulator().addFault({ ...fault, match: `/${imageId()}` });
      const image = await new MapillaryApi(client).getImage(imageId());
      assert.equal(image.id, imageId());
      const failures = fault.count ?? 1;
      assert.equal(emulator().count('graph:image'), failures + 1);
      assert.equal(events.filter((e) => e.type === 'retry').length, failures);
    });
  }

  // The slow answers come after the per-attempt timeout however loaded the machine is: the client's
  // timer and the emulator's delay run in this one process, and the client's is set first and ends
  // first. Each test waits for the abandoned answers to reach the emulator's log, so that no later
  // test counts them.
  it('retries a slow answer after the per-attempt timeout', async () => {
    const { client, events } = makeClient(emulator(), { timeoutMs: 1000 });
    emulator().addFault({ kind: 'slow', delayMs: 1500, count: 1, match: `/${imageId()}` });
    const image = await new MapillaryApi(client).getImage(imageId());
    assert.equal(image.id, imageId());
    assert.deepEqual(
      events.filter((e) => e.type !== 'start').map((e) => `${e.type} ${e.attempt} ${e.error}`),
      ['failure 1 timeout', 'retry 1 timeout', 'success 2 undefined'],
      'the slow attempt was abandoned',
    );
    await waitFor('the abandoned answer', () => emulator().count('graph:image') === 2);
  });

  it('fails with timeout when every attempt is too slow', async () => {
    const { client, events } = makeClient(emulator(), { timeoutMs: 300, maxAttempts: 2 });
    emulator().addFault({ kind: 'slow', delayMs: 800, match: `/${imageId()}` });
    const error = await rejection(new MapillaryApi(client).getImage(imageId()));
    assert.ok(error instanceof GraphError);
    assert.equal(error.kind, 'timeout');
    assert.equal(events.filter((e) => e.type === 'start').length, 2);
    await waitFor('the abandoned answers', () => emulator().count('graph:image') === 2);
  });

  it('gives up after maxAttempts on a persistent 500', async () => {
    const { client } = makeClient(emulator(), { maxAttempts: 3 });
    emulator().addFault({ kind: 'serverError', match: `/${imageId()}` });
    const error = await rejection(new MapillaryApi(client).getImage(imageId()));
    assert.ok(error instanceof GraphError && error.kind === 'transient');
    assert.equal(emulator().count('graph:image'), 3);
  });

  it('does not retry code 100 (unknown id) or code 190 without a refresh hook', async () => {
    const { client } = makeClient(emulator());
    const api = new MapillaryApi(client);
    const notFound = await rejection(api.getImage('1234567'));
    assert.ok(notFound instanceof GraphError && notFound.kind === 'not-found');
    assert.equal(notFound.code, 100);
    assert.equal(emulator().requests().length, 1);
    emulator().resetLog();
    const bad = await rejection(api.getImage(imageId(), ['id', 'no_such_field']));
    assert.ok(bad instanceof GraphError && bad.kind === 'bad-request');
    assert.equal(emulator().requests().length, 1);
    emulator().resetLog();
    emulator().addFault({ kind: 'invalidToken', count: 1 });
    const invalid = await rejection(api.getImage(imageId()));
    assert.ok(invalid instanceof GraphError && invalid.kind === 'invalid-token');
    assert.equal(invalid.message, 'The access token is invalid or expired: sign in again.');
    assert.equal(emulator().requests().length, 1);
  });

  it('does not retry code 368 (blocked)', async () => {
    let calls = 0;
    const blockedFetch: typeof fetch = () => {
      calls++;
      return Promise.resolve(
        new Response(
          JSON.stringify({ error: { code: 368, message: 'blocked', fbtrace_id: 'x' } }),
          {
            status: 400,
          },
        ),
      );
    };
    const client = new GraphClient({
      baseUrl: emulator().graphUrl,
      getToken: () => Promise.resolve('t'),
      fetch: blockedFetch,
      clock: new FakeClock(),
    });
    const error = await rejection(client.getJson('1'));
    assert.ok(error instanceof GraphError && error.kind === 'blocked');
    assert.equal(calls, 1);
  });
});
