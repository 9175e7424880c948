// Looks at a tile response body before anything tries to decode it. A tile server, a proxy or a
// captive portal can answer 200 with JSON, HTML or a still-compressed stream; handing those to the
// MVT decoder gives confusing errors, so they are recognised here with a reason a person can act on.

/** What a tile response body holds. */
export type TileBodyKind =
  | { kind: 'tile' }
  /** A 200 with no bytes: the service's way of saying "nothing here". */
  | { kind: 'empty' }
  | { kind: 'json'; reason: string }
  | { kind: 'html'; reason: string }
  /** A gzip stream: decompress it (see {@link Gunzip}) and look again. */
  | { kind: 'gzip'; reason: string };

/**
 * Decompresses a gzip stream. Supplied by the side that can: Node's zlib on the host and the
 * command line, `DecompressionStream('gzip')` in a browser. It must cap its output size, since a
 * small gzip stream can expand without bound.
 */
export type Gunzip = (bytes: Uint8Array) => Promise<Uint8Array>;

/** A body ready for the decoder, or the reason it is not a tile. */
export type UnwrappedTileBody =
  | { kind: 'tile'; bytes: Uint8Array; wasGzipped: boolean }
  | { kind: 'empty' }
  | { kind: 'not-a-tile'; reason: string };

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const MAX_DESCRIBED_BYTES = 64 * 1024;

function firstSignificantByte(bytes: Uint8Array): { byte: number | undefined; index: number } {
  let i = 0;
  if (bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2]) i = 3;
  // Text bodies may start with whitespace. A real tile starts with 0x1a (its first layer), never
  // with these bytes, so skipping them cannot turn a tile into text.
  while (i < bytes.length) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) break;
    i++;
  }
  return { byte: bytes[i], index: i };
}

function describeJson(bytes: Uint8Array): string {
  const base = 'the body is JSON, not a vector tile';
  try {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(
      bytes.subarray(0, MAX_DESCRIBED_BYTES),
    );
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
      const error: unknown = parsed.error;
      if (typeof error === 'object' && error !== null) {
        const code = 'code' in error && typeof error.code === 'number' ? error.code : undefined;
        const message =
          'message' in error && typeof error.message === 'string' ? error.message : undefined;
        const parts = [code === undefined ? undefined : `code ${code}`, message].filter(Boolean);
        return `${base}: API error${parts.length ? ` (${parts.join(': ')})` : ''}`;
      }
    }
  } catch {
    // Truncated or invalid JSON still deserves the generic reason.
  }
  return base;
}

/** Classifies a tile response body without decoding it. */
export function classifyTileBody(bytes: Uint8Array): TileBodyKind {
  if (bytes.length === 0) return { kind: 'empty' };
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    return { kind: 'gzip', reason: 'the body is a gzip stream, not a decompressed vector tile' };
  }
  const { byte } = firstSignificantByte(bytes);
  if (byte === 0x7b) return { kind: 'json', reason: describeJson(bytes) };
  if (byte === 0x3c) {
    return {
      kind: 'html',
      reason: 'the body is HTML or XML (an error page or a proxy), not a vector tile',
    };
  }
  if (byte === undefined) return { kind: 'empty' };
  return { kind: 'tile' };
}

/**
 * Classifies a body and, when it is gzip and `gunzip` is given, decompresses it once and
 * classifies the result. A gzip stream inside a gzip stream is refused.
 */
export async function unwrapTileBody(
  bytes: Uint8Array,
  gunzip?: Gunzip,
): Promise<UnwrappedTileBody> {
  const first = classifyTileBody(bytes);
  if (first.kind === 'tile') return { kind: 'tile', bytes, wasGzipped: false };
  if (first.kind === 'empty') return { kind: 'empty' };
  if (first.kind !== 'gzip' || !gunzip) return { kind: 'not-a-tile', reason: first.reason };
  let inflated: Uint8Array;
  try {
    inflated = await gunzip(bytes);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { kind: 'not-a-tile', reason: `the body is gzip but does not decompress: ${detail}` };
  }
  const second = classifyTileBody(inflated);
  if (second.kind === 'tile') return { kind: 'tile', bytes: inflated, wasGzipped: true };
  if (second.kind === 'empty') return { kind: 'empty' };
  return { kind: 'not-a-tile', reason: `after gzip decompression, ${second.reason}` };
}
