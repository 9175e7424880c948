// The form in which the map keeps a decoded tile: flat typed arrays per layer, the properties the
// map draws, filters and picks by already converted to numbers and string-table indices, and a
// spatial grid per layer. It is built once per tile (in a Web Worker in the webview) and then drawn
// many times, so filters and styles never touch the protobuf again.
import type { DecodedLayer } from '../tiles/decodedTile';
import { buildLineGrid, buildPointGrid, type TileGrid } from './tileGrid';
import { StringTable, allocColumns, fieldCodes, readProperties } from './renderTileColumns';

/** The kinds of point layers the map draws. */
export type PointKind = 'overview' | 'image' | 'point' | 'traffic_sign';

// The flag bits of a feature (panorama, and whether that is known) are set where properties are read.
export { FLAG_PANO, FLAG_PANO_KNOWN } from './renderTileColumns';

/** Properties shared by point and line layers, one entry per feature. */
export interface FeatureColumns {
  count: number;
  /**
   * Capture time in ms since the epoch (for map features: first seen); 0 when unknown.
   */
  capturedAt: Float64Array;
  /** {@link FLAG_PANO} and {@link FLAG_PANO_KNOWN}. */
  flags: Uint8Array;
  /** Index into the tile's `strings` of the sequence key, or -1. */
  sequence: Int32Array;
  /** Index into `strings` of the organization id, or -1. */
  organization: Int32Array;
  /** Index into `strings` of the creator id, or -1. */
  creator: Int32Array;
  /** Index into `strings` of the map feature value (e.g. `regulatory--stop--g1`), or -1. */
  value: Int32Array;
  /**
   * The id the map opens on click: the image id of an image or overview point, the key image of a
   * sequence line, the map feature id of a feature. Empty when the tile does not say.
   */
  ids: string[];
}

/** A point layer: one position per feature. */
export interface PointSet extends FeatureColumns {
  kind: PointKind;
  /** `x0, y0, x1, y1, …` in tile coordinates (0..extent, y down). */
  xy: Float32Array;
  /** Compass angle in degrees clockwise from north; NaN when unknown. */
  compass: Float32Array;
  /** Map features only: last seen, in ms since the epoch, 0 when unknown (empty for images). */
  lastSeen: Float64Array;
  grid: TileGrid;
}

/** The `sequence` layer: line strings, several parts per feature possible. */
export interface LineSet extends FeatureColumns {
  /** Every vertex, `x0, y0, …`, in tile coordinates. */
  xy: Float32Array;
  /** Vertex index at which each part starts, plus a final entry equal to the vertex count. */
  partStarts: Uint32Array;
  /** Part index at which each feature starts, plus a final entry equal to the part count. */
  featureParts: Uint32Array;
  /** Grid over segments: an item is the index of a segment's first vertex. */
  grid: TileGrid;
}

/** A decoded tile as the map keeps it. */
export interface RenderTile {
  extent: number;
  /** The string table that the index columns refer to. */
  strings: string[];
  points: PointSet[];
  lines: LineSet | undefined;
  /** Features in the tile, all layers. */
  featureCount: number;
  /** Bytes the tile had on the wire. */
  byteLength: number;
}

const POINT_KINDS: Record<string, PointKind> = {
  overview: 'overview',
  image: 'image',
  point: 'point',
  traffic_sign: 'traffic_sign',
};

// Field codes of the properties the map reads.
function buildPoints(layer: DecodedLayer, kind: PointKind, table: StringTable): PointSet {
  const count = layer.features.length;
  const columns = allocColumns(count);
  const xy = new Float32Array(2 * count);
  const compass = new Float32Array(count).fill(NaN);
  const isFeature = kind === 'point' || kind === 'traffic_sign';
  const lastSeen = new Float64Array(isFeature ? count : 0);
  const codes = fieldCodes(layer, false);
  const valueStrings = new Int32Array(layer.values.length).fill(-1);
  for (let i = 0; i < count; i++) {
    const feature = layer.features[i];
    if (!feature) continue;
    readProperties(layer, codes, valueStrings, table, i, columns, compass, lastSeen);
    if (feature.partEnd > feature.partStart) {
      const v = layer.partStarts[feature.partStart] ?? 0;
      xy[2 * i] = layer.coords[2 * v] ?? 0;
      xy[2 * i + 1] = layer.coords[2 * v + 1] ?? 0;
    } else {
      // A point without geometry is kept (so counts match the tile) but put far outside.
      xy[2 * i] = -1e9;
      xy[2 * i + 1] = -1e9;
    }
    if (isFeature) {
      if (!columns.ids[i] && feature.id) columns.ids[i] = feature.id;
    }
  }
  const grid = buildPointGrid(xy, count, layer.extent);
  return { kind, ...columns, xy, compass, lastSeen, grid };
}

function buildLines(layer: DecodedLayer, table: StringTable): LineSet {
  const count = layer.features.length;
  const columns = allocColumns(count);
  const codes = fieldCodes(layer, true);
  const valueStrings = new Int32Array(layer.values.length).fill(-1);
  const featureParts = new Uint32Array(count + 1);
  const partCount = layer.partStarts.length - 1;
  for (let i = 0; i < count; i++) {
    const feature = layer.features[i];
    if (!feature) continue;
    readProperties(layer, codes, valueStrings, table, i, columns, undefined);
    featureParts[i] = feature.partStart;
  }
  featureParts[count] = Math.max(0, partCount);
  const xy = Float32Array.from(layer.coords);
  const partStarts = layer.partStarts.slice();
  const grid = buildLineGrid(xy, partStarts, layer.extent);
  return { ...columns, xy, partStarts, featureParts, grid };
}

/**
 * Builds the map's form of a decoded tile. Layers the map does not know are ignored; a repeated
 * layer name keeps the first layer of that name.
 */
export function buildRenderTile(layers: DecodedLayer[], byteLength: number): RenderTile {
  const table = new StringTable();
  const points: PointSet[] = [];
  let lines: LineSet | undefined;
  let featureCount = 0;
  let extent = 4096;
  const seen = new Set<string>();
  for (const layer of layers) {
    if (seen.has(layer.name)) continue;
    seen.add(layer.name);
    const kind = POINT_KINDS[layer.name];
    if (kind) {
      points.push(buildPoints(layer, kind, table));
    } else if (layer.name === 'sequence') {
      lines = buildLines(layer, table);
    } else continue;
    extent = layer.extent;
    featureCount += layer.features.length;
  }
  return { extent, strings: table.strings, points, lines, featureCount, byteLength };
}

/** The buffers of a render tile, for a zero-copy `postMessage` transfer. */
export function renderTileBuffers(tile: RenderTile): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (array: ArrayBufferView): void => {
    if (array.buffer instanceof ArrayBuffer) out.add(array.buffer);
  };
  const columns = (c: FeatureColumns): void => {
    for (const a of [c.capturedAt, c.flags, c.sequence, c.organization, c.creator, c.value]) add(a);
  };
  for (const p of tile.points) {
    columns(p);
    for (const a of [p.xy, p.compass, p.lastSeen, p.grid.cellStarts, p.grid.items]) add(a);
  }
  if (tile.lines) {
    const l = tile.lines;
    columns(l);
    for (const a of [l.xy, l.partStarts, l.featureParts, l.grid.cellStarts, l.grid.items]) add(a);
  }
  return [...out];
}
