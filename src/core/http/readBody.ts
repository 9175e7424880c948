// Reads a response body with a size bound, so a runaway or hostile answer cannot exhaust memory:
// every body the extension and the command line read goes through here. Past the bound the
// transfer is cancelled (the connection closes) and the caller's error is thrown.
import { GraphError } from '../../shared/api/graphError';

/**
 * Reads the whole body into one buffer; beyond `maxBytes` it stops and throws `tooLarge()` (by
 * default an 'invalid-response' {@link GraphError}).
 */
export async function readBodyBounded(
  response: Response,
  maxBytes: number,
  tooLarge: () => Error = () => tooLargeGraphError(response.status, maxBytes),
): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array(0);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function tooLargeGraphError(status: number, maxBytes: number): GraphError {
  return new GraphError(
    'invalid-response',
    `The answer is larger than ${Math.round(maxBytes / 1e6)} MB and was not read: ask for a smaller area.`,
    { status },
  );
}
