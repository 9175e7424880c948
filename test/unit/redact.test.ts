import { strict as assert } from 'node:assert';
import { redact } from '../../src/shared/redact';

describe('redact', () => {
  it('masks tokens in query strings, headers and client-token form', () => {
    const text =
      'GET https://tiles.example/x?access_token=MLY|123|abc&z=1 Authorization: OAuth secret-user-token ' +
      'next=https://g/images?after=1&access_token=zzz refresh_token=r1 MLY|999|deadbeef {"access_token":"json-tok"}';
    const out = redact(text);
    for (const secret of [
      'MLY|123|abc',
      'secret-user-token',
      'zzz',
      'r1',
      'deadbeef',
      'json-tok',
    ]) {
      assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
    }
    assert.match(out, /z=1/);
  });

  it('leaves ordinary text alone', () => {
    assert.equal(redact('opened image 123 at zoom 14'), 'opened image 123 at zoom 14');
  });
});
