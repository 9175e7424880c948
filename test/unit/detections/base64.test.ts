import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { decodeBase64 } from '../../../src/shared/detections/base64';

const decoded = (text: string): string => {
  const result = decodeBase64(text);
  if (!result.ok) assert.fail(result.message);
  return new TextDecoder().decode(result.bytes);
};

describe('decodeBase64', () => {
  it('decodes the RFC 4648 test vectors, padded or not', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['Zg==', 'f'],
      ['Zm8=', 'fo'],
      ['Zm9v', 'foo'],
      ['Zm9vYg==', 'foob'],
      ['Zm9vYmE=', 'fooba'],
      ['Zm9vYmFy', 'foobar'],
      ['Zm9vYg', 'foob'],
      ['Zm9vYmE', 'fooba'],
    ];
    for (const [text, expected] of vectors) assert.equal(decoded(text), expected, text);
  });

  it('accepts the URL-safe alphabet and ignores whitespace', () => {
    const result = decodeBase64('-_8=');
    assert.ok(result.ok);
    assert.deepEqual([...result.bytes], [0xfb, 0xff]);
    assert.equal(decoded(' Zm9v\n YmFy\r\n'), 'foobar');
  });

  it('refuses what is not base64, with a reason', () => {
    for (const [text, reason] of [
      ['Zm9v!', /character "!" at position 4/],
      ['Zm9vY', /impossible length/],
      ['Zg==Zg==', /after padding/],
      ['Zg===', /padding/],
      ['Zm9=v', /after padding/],
      ['Zé9v', /character/],
    ] as const) {
      const result = decodeBase64(text);
      assert.ok(!result.ok, text);
      assert.match(result.message, reason);
    }
  });

  it('round-trips any bytes encoded by Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, urlSafe) => {
        const text = Buffer.from(bytes).toString(urlSafe ? 'base64url' : 'base64');
        const result = decodeBase64(text);
        assert.ok(result.ok);
        assert.deepEqual(result.bytes, bytes);
      }),
    );
  });
});
