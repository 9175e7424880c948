import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  GraphError,
  type GraphErrorKind,
  classifyGraphError,
  graphErrorFromResponse,
  isRetryable,
  parseGraphErrorBody,
} from '../../../src/shared/api/graphError';
import { describeWithRealFixtures } from '../../support/fixtures';

function body(code: number, extra: Record<string, unknown> = {}) {
  return parseGraphErrorBody({
    error: { message: 'localised text', type: 'MLYApiException', code, fbtrace_id: 'T', ...extra },
  });
}

describeWithRealFixtures('Graph errors from real error bodies', (dir) => {
  const read = (name: string): unknown =>
    JSON.parse(readFileSync(path.join(dir, 'graph', 'errors', name), 'utf8'));

  it('maps the real code 4 body to a retryable, transient rate-limit error', () => {
    const parsed = parseGraphErrorBody(read('rate_limit_code4.json'));
    assert.equal(parsed?.code, 4);
    assert.equal(parsed?.isTransient, true);
    for (const status of [403, 429]) {
      const error = graphErrorFromResponse(status, parsed);
      assert.equal(error.kind, 'rate-limit');
      assert.equal(error.isTransient, true);
      assert.ok(isRetryable(error));
      assert.equal(error.fbtraceId, 'AFJKU45YcZHFgmaRmycfmQ3');
    }
  });

  it('maps the real code 190 body to invalid-token, not retryable', () => {
    const error = graphErrorFromResponse(
      401,
      parseGraphErrorBody(read('invalid_token_code190.json')),
    );
    assert.equal(error.kind, 'invalid-token');
    assert.equal(error.message, 'The access token is invalid or expired: sign in again.');
    assert.equal(isRetryable(error), false);
  });
});

describe('Graph error classification', () => {
  it('decides by code and subcode, never by message', () => {
    const cases: [number, ReturnType<typeof body>, GraphErrorKind][] = [
      [400, body(4), 'rate-limit'],
      [403, body(17), 'rate-limit'],
      [400, body(613), 'rate-limit'],
      [500, body(1), 'transient'],
      [500, body(2), 'transient'],
      [500, body(1, { error_subcode: 99, is_transient: true }), 'too-much-data'],
      [401, body(190), 'invalid-token'],
      [400, body(100, { error_subcode: 33 }), 'not-found'],
      [400, body(100), 'bad-request'],
      [400, body(368), 'blocked'],
      [400, body(10), 'permission'],
      [400, body(2500), 'permission'],
      [400, body(9999, { is_transient: true }), 'transient'],
      [200, body(190), 'invalid-token'],
      [502, undefined, 'server'],
      [429, undefined, 'rate-limit'],
      [408, undefined, 'timeout'],
      [404, undefined, 'not-found'],
      [418, undefined, 'bad-request'],
    ];
    for (const [status, parsed, kind] of cases) {
      assert.equal(classifyGraphError(status, parsed), kind, `${status} ${parsed?.code}`);
    }
  });

  it('ignores bodies that are not Graph errors', () => {
    assert.equal(parseGraphErrorBody({ data: [] }), undefined);
    assert.equal(parseGraphErrorBody(null), undefined);
    assert.equal(parseGraphErrorBody({ error: 'text' }), undefined);
    assert.equal(parseGraphErrorBody({ error: { code: '190' } })?.code, 190);
    assert.equal(parseGraphErrorBody('{"error":{"code":4}}'), undefined);
    assert.equal(parseGraphErrorBody([{ error: { code: 4 } }]), undefined);
    // An error beside data is still an error (a 200 may hold one).
    assert.equal(parseGraphErrorBody({ data: [], error: { code: 4 } })?.code, 4);
  });

  it('retries exactly the retryable failures', () => {
    const retryable = [
      graphErrorFromResponse(500, body(1)),
      graphErrorFromResponse(500, body(2)),
      graphErrorFromResponse(403, body(4)),
      graphErrorFromResponse(400, body(17)),
      graphErrorFromResponse(400, body(613)),
      graphErrorFromResponse(400, body(12345, { is_transient: true })),
      graphErrorFromResponse(408, undefined),
      graphErrorFromResponse(429, undefined),
      graphErrorFromResponse(503, undefined),
      new GraphError('network', 'x'),
      new GraphError('timeout', 'x'),
    ];
    for (const error of retryable) assert.ok(isRetryable(error), error.describe());
    const fatal = [
      graphErrorFromResponse(401, body(190)),
      graphErrorFromResponse(500, body(190)),
      graphErrorFromResponse(400, body(100)),
      graphErrorFromResponse(500, body(100, { is_transient: true })),
      graphErrorFromResponse(400, body(368)),
      graphErrorFromResponse(404, undefined),
      graphErrorFromResponse(500, body(1, { error_subcode: 99 })),
      new GraphError('cancelled', 'x'),
      new GraphError('budget-exhausted', 'x'),
      new Error('plain'),
    ];
    for (const error of fatal) assert.equal(isRetryable(error), false, String(error));
  });

  it('never puts a token into a message or description', () => {
    const error = graphErrorFromResponse(
      400,
      parseGraphErrorBody({
        error: {
          code: 100,
          message: 'bad url https://g/x?access_token=MLY|1|secret OAuth usertok',
        },
      }),
    );
    for (const text of [error.message, error.describe(), error.serviceMessage ?? '']) {
      assert.ok(!text.includes('secret') && !text.includes('usertok'), text);
    }
    const built = new GraphError('bad-request', 'see https://x/?access_token=abc123');
    assert.ok(!built.message.includes('abc123'));
  });

  it('gives every kind advice that says what to do', () => {
    const error = graphErrorFromResponse(403, body(4));
    assert.match(error.message, /wait/i);
    assert.match(graphErrorFromResponse(400, body(368)).message, /blocked/i);
  });
});
