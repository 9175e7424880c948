// Decodes Mapbox Vector Tiles with bounded cost. Tiles come from the network, and a few bytes of a
// corrupt or hostile tile can make a plain decoder allocate millions of points or spin for
// seconds. Here every length is checked against its enclosing message, every geometry stream is
// scanned and its vertices counted against per-feature and per-tile caps before anything is
// allocated, features and layers are capped, and the clock is checked as decoding goes. Any
// failure is returned as a typed error: a bad tile costs that tile and nothing more.
//
// The protobuf is read with pbf's reader, following @mapbox/vector-tile's interpretation field by
// field (the tests check the two agree on real tiles). vector-tile itself is not used here because
// it exposes neither where a feature's geometry bytes are (needed to scan them first) nor the raw
// bytes of 64-bit ids (it rounds them to doubles).
import { PbfReader } from 'pbf';
import type {
  DecodedFeature,
  DecodedLayer,
  DecodedTile,
  GeometryType,
  LayerSummary,
  TileDecodeResult,
  TileSummary,
} from './decodedTile';
import { DecodeContext, type DecodeLimits } from './decodeContext';
import { decodeGeometry } from './geometryCommands';
import { copyTags, type LayerScan, scanTile } from './layerScan';
import { classifyTileBody } from './tileBody';
import { TileDecodeFailure } from './tileDecodeFailure';

// The caps are part of the decoder's interface: callers pass them to decodeTile and inspectTile.
export { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './decodeContext';

function buildLayer(ctx: DecodeContext, scan: LayerScan): DecodedLayer {
  const { reader } = ctx;
  // Counts were validated against the caps by the scan, so these sizes are bounded.
  const coords = new Int32Array(2 * scan.vertexCount);
  const partStarts = new Uint32Array(scan.partCount + 1);
  const tags = new Uint32Array(scan.tagCount);
  const features: DecodedFeature[] = new Array<DecodedFeature>(scan.featureCount);
  let vertex = 0;
  let part = 0;
  let tag = 0;
  for (let i = 0; i < scan.featureCount; i++) {
    const tagStart = tag;
    tag = copyTags(reader, scan, i, tags, tag);
    const partStart = part;
    const geometryStart = scan.geometryStarts[i] ?? -1;
    if (geometryStart >= 0) {
      const geometryEnd = scan.geometryEnds[i] ?? geometryStart;
      vertex = decodeGeometry(
        reader.buf,
        geometryStart,
        geometryEnd,
        coords,
        vertex,
        partStarts,
        part,
      );
      part += scan.partCounts[i] ?? 0;
    }
    features[i] = {
      id: scan.ids[i],
      type: (scan.types[i] ?? 0) as GeometryType,
      partStart,
      partEnd: part,
      tagStart,
      tagEnd: tag,
    };
    ctx.tick();
  }
  partStarts[scan.partCount] = vertex;
  return {
    name: scan.name,
    version: scan.version,
    extent: scan.extent,
    keys: scan.keys,
    values: scan.values,
    features,
    tags,
    coords,
    partStarts,
  };
}

function failureResult<T>(error: unknown, reader: PbfReader): TileDecodeResult<T> {
  if (error instanceof TileDecodeFailure) {
    return { ok: false, error: { reason: error.reason, message: error.message } };
  }
  // Anything else came from a read past the end of the buffer or from a bug: report it, never
  // rethrow, so the caller's only failure path is the typed one.
  const detail = error instanceof Error ? error.message : String(error);
  const truncated = reader.pos >= reader.length;
  return {
    ok: false,
    error: {
      reason: truncated ? 'truncated' : 'corrupt',
      message: truncated
        ? `the data ends unexpectedly (${detail})`
        : `invalid tile data (${detail})`,
    },
  };
}

function notATile<T>(bytes: Uint8Array): TileDecodeResult<T> | undefined {
  const body = classifyTileBody(bytes);
  if (body.kind === 'json' || body.kind === 'html' || body.kind === 'gzip') {
    return { ok: false, error: { reason: 'not-a-tile', message: body.reason } };
  }
  return undefined;
}

/**
 * The frame both entry points share: refuse what is not a tile, scan the layers within the limits,
 * let `build` turn the scans into layers, and turn any failure into a typed result.
 */
function decodeLayers<L>(
  bytes: Uint8Array,
  limits: Partial<DecodeLimits> | undefined,
  build: (ctx: DecodeContext, reader: PbfReader, scans: LayerScan[]) => L[],
): TileDecodeResult<{
  layers: L[];
  byteLength: number;
  vertexCount: number;
  featureCount: number;
  elapsedMs: number;
}> {
  const refused = notATile<never>(bytes);
  if (refused) return refused;
  const reader = new PbfReader(bytes);
  try {
    const ctx = new DecodeContext(reader, limits);
    const layers = build(ctx, reader, scanTile(ctx));
    return {
      ok: true,
      value: {
        layers,
        byteLength: bytes.length,
        vertexCount: ctx.vertices,
        featureCount: ctx.features,
        elapsedMs: ctx.elapsed(),
      },
    };
  } catch (error) {
    return failureResult(error, reader);
  }
}

/**
 * Decodes a tile with its geometry, within `limits` (defaults {@link DEFAULT_DECODE_LIMITS}).
 * Never throws: a malformed, hostile, truncated or non-tile body gives `{ ok: false, error }`.
 * An empty body is a valid tile with no layers.
 */
export function decodeTile(
  bytes: Uint8Array,
  limits?: Partial<DecodeLimits>,
): TileDecodeResult<DecodedTile> {
  return decodeLayers(bytes, limits, (ctx, _reader, scans) => {
    ctx.checkTime();
    return scans.map((scan) => buildLayer(ctx, scan));
  });
}

/**
 * Reads a tile's layers, feature counts by geometry type, used property keys and vertex counts
 * without building features or geometry. Geometry streams are still validated and counted, so a
 * tile that inspects cleanly also decodes (within the same limits).
 */
export function inspectTile(
  bytes: Uint8Array,
  limits?: Partial<DecodeLimits>,
): TileDecodeResult<TileSummary> {
  return decodeLayers(bytes, limits, (ctx, reader, scans) =>
    scans.map((scan): LayerSummary => {
      const used = new Set<number>();
      const tags = new Uint32Array(scan.tagCount);
      const geometryTypes = { unknown: 0, point: 0, linestring: 0, polygon: 0 };
      for (let i = 0; i < scan.featureCount; i++) {
        const to = copyTags(reader, scan, i, tags, 0);
        for (let t = 0; t < to; t += 2) used.add(tags[t] ?? 0);
        const type = scan.types[i] ?? 0;
        if (type === 1) geometryTypes.point++;
        else if (type === 2) geometryTypes.linestring++;
        else if (type === 3) geometryTypes.polygon++;
        else geometryTypes.unknown++;
        ctx.tick();
      }
      return {
        name: scan.name,
        version: scan.version,
        extent: scan.extent,
        featureCount: scan.featureCount,
        geometryTypes,
        propertyKeys: [...used].map((key) => scan.keys[key] ?? '').sort(),
        vertexCount: scan.vertexCount,
      };
    }),
  );
}
