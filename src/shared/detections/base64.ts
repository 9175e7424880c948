// A strict base64 decoder to Uint8Array that runs everywhere src/shared runs (no Buffer, and atob
// would need a binary-string round trip). Accepts the standard and the URL-safe alphabets, with or
// without padding, and ignores whitespace, since detection geometries arrive as JSON strings that
// may have been wrapped or re-encoded.

const INVALID = 255;
const SKIP = 254;

const table = (() => {
  const map = new Uint8Array(256).fill(INVALID);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) map[alphabet.charCodeAt(i)] = i;
  map['-'.charCodeAt(0)] = 62;
  map['_'.charCodeAt(0)] = 63;
  for (const space of [' ', '\t', '\n', '\r']) map[space.charCodeAt(0)] = SKIP;
  return map;
})();

/** Result of {@link decodeBase64}. */
export type Base64Result = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

/** Decodes base64 text; never throws. */
export function decodeBase64(text: string): Base64Result {
  const sextets = new Uint8Array(text.length);
  let count = 0;
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3d) {
      padding++;
      continue;
    }
    const value = code < 256 ? (table[code] ?? INVALID) : INVALID;
    if (value === SKIP) continue;
    if (value === INVALID || padding > 0) {
      return {
        ok: false,
        message:
          value === INVALID
            ? `invalid base64 character ${JSON.stringify(text[i])} at position ${i}`
            : `base64 data continues after padding at position ${i}`,
      };
    }
    sextets[count++] = value;
  }
  if (padding > 2 || (padding > 0 && (count + padding) % 4 !== 0)) {
    return { ok: false, message: 'base64 padding is malformed' };
  }
  if (count % 4 === 1) {
    return { ok: false, message: `base64 data has an impossible length (${count} characters)` };
  }
  const bytes = new Uint8Array(Math.floor((count * 3) / 4));
  let out = 0;
  let i = 0;
  for (; i + 3 < count; i += 4) {
    const n =
      ((sextets[i] ?? 0) << 18) |
      ((sextets[i + 1] ?? 0) << 12) |
      ((sextets[i + 2] ?? 0) << 6) |
      (sextets[i + 3] ?? 0);
    bytes[out++] = n >>> 16;
    bytes[out++] = (n >>> 8) & 0xff;
    bytes[out++] = n & 0xff;
  }
  const rest = count - i;
  if (rest >= 2) {
    const n =
      ((sextets[i] ?? 0) << 18) | ((sextets[i + 1] ?? 0) << 12) | ((sextets[i + 2] ?? 0) << 6);
    bytes[out++] = n >>> 16;
    if (rest === 3) bytes[out] = (n >>> 8) & 0xff;
  }
  return { ok: true, bytes };
}
