// The Graph client's tokens over the emulator: one refresh on code 190, shared by concurrent
// requests, failures of the refresh, and no request at all when signed out.
import { strict as assert } from 'node:assert';
import { MapillaryApi } from '../../../src/core/api/mapillaryApi';
import { GraphError } from '../../../src/shared/api/graphError';
import { waitFor } from '../../support/waitFor';
import { firstImageId, makeClient, rejection, useEmulator } from './harness';

describe('Graph client over HTTP (emulator): tokens', function () {
  this.timeout(60_000);
  const emulator = useEmulator();
  const imageId = firstImageId(emulator);

  it('refreshes the token once on 190 and retries with the new one', async () => {
    const old = emulator().issueUserToken();
    emulator().revokeToken(old);
    let token = old;
    let hookCalls = 0;
    const { client, sent } = makeClient(emulator(), {
      getToken: () => Promise.resolve(token),
      onInvalidToken: () => {
        hookCalls++;
        token = emulator().issueUserToken();
        return Promise.resolve(true);
      },
    });
    const me = await new MapillaryApi(client).getMe();
    assert.ok(me.id);
    assert.equal(hookCalls, 1);
    assert.equal(sent.length, 2);
    assert.equal(sent[1]?.headers.authorization, `OAuth ${token}`);
  });

  it('shares one refresh among concurrent requests that hit 190', async () => {
    const old = emulator().issueUserToken();
    emulator().revokeToken(old);
    let token = old;
    let hookCalls = 0;
    const { client } = makeClient(emulator(), {
      getToken: () => Promise.resolve(token),
      onInvalidToken: async () => {
        hookCalls++;
        // The refresh ends only once every request has met the revoked token.
        await waitFor('five refusals', () => emulator().count('graph:') >= 5);
        token = emulator().issueUserToken();
        return token;
      },
    });
    const api = new MapillaryApi(client);
    const results = await Promise.all(
      emulator()
        .dataset.images.slice(0, 5)
        .map((image) => api.getImage(image.id)),
    );
    assert.equal(results.length, 5);
    assert.equal(hookCalls, 1);
  });

  it('fails with invalid-token when the refresh fails, calling the hook once', async () => {
    const old = emulator().issueUserToken();
    emulator().revokeToken(old);
    let hookCalls = 0;
    const { client } = makeClient(emulator(), {
      getToken: () => Promise.resolve(old),
      onInvalidToken: () => {
        hookCalls++;
        return Promise.reject(new Error('refresh_token=abc rejected'));
      },
    });
    const error = await rejection(new MapillaryApi(client).getMe());
    assert.ok(error instanceof GraphError && error.kind === 'invalid-token');
    assert.equal(hookCalls, 1);
    assert.equal(emulator().requests().length, 1);
  });

  it('fails with invalid-token when the refreshed token is rejected too', async () => {
    let hookCalls = 0;
    let token = emulator().issueUserToken();
    const { client } = makeClient(emulator(), {
      getToken: () => Promise.resolve(token),
      onInvalidToken: () => {
        hookCalls++;
        token = emulator().issueUserToken();
        return Promise.resolve(true);
      },
    });
    emulator().addFault({ kind: 'invalidToken', count: 2 });
    const error = await rejection(new MapillaryApi(client).getMe());
    assert.ok(error instanceof GraphError && error.kind === 'invalid-token');
    assert.equal(hookCalls, 1);
    assert.equal(emulator().requests().length, 2);
  });

  it('fails with no-token and sends nothing when signed out', async () => {
    const { client, sent } = makeClient(emulator(), { getToken: () => Promise.resolve(undefined) });
    const error = await rejection(new MapillaryApi(client).getImage(imageId()));
    assert.ok(error instanceof GraphError && error.kind === 'no-token');
    assert.equal(sent.length, 0);
  });
});
