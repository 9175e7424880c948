// Writes a FlatGeobuf (.fgb) file with its spatial index, so QGIS and GDAL read only the part of a
// large file a view needs. The `flatgeobuf` package encodes the header and each feature, but writes
// files without an index and only from an array held in memory; so this writer streams the encoded
// features to a side file first (keeping 64 bytes per feature: box, offset, length), then sorts them
// along a Hilbert curve, writes the header, the packed R-tree (../../shared/gis/packedRTree) and the
// features in that order. Features without a geometry cannot be indexed and are left out (counted in
// the summary); the other formats keep them.
import { closeSync, openSync, readSync, rmSync } from 'node:fs';
import * as flatbuffers from 'flatbuffers';
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { Column } from 'flatgeobuf/lib/mjs/flat-geobuf/column.js';
import { Crs } from 'flatgeobuf/lib/mjs/flat-geobuf/crs.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { buildFeature } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { type IParsedGeometry } from 'flatgeobuf/lib/mjs/generic/geometry.js';
import { type HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import {
  type GisColumn,
  type GisColumnType,
  type GisGeometry,
  type GisLayer,
  type GisLayerSummary,
  cellValue,
  checkLayer,
  geometryEnvelope,
  growExtent,
} from '../../shared/gis/gisTypes';
import { DEFAULT_NODE_SIZE, hilbertOrder, packedRTree } from '../../shared/gis/packedRTree';
import { EPSG_4326 } from '../../shared/gis/wkb';
import { ChunkedFile } from './chunkedFile';
import { type GisWriteOptions, checkCancelled, writeThroughTemp } from './gisOutput';

const COLUMN_TYPES: Record<GisColumnType, ColumnType> = {
  text: ColumnType.String,
  integer: ColumnType.Long,
  real: ColumnType.Double,
  boolean: ColumnType.Bool,
  json: ColumnType.Json,
};

/** The columns of the file: the layer's, then the second geometry as `<prefix>_lon/_lat`. */
export function flatGeobufColumns(layer: Pick<GisLayer, 'columns' | 'secondGeometry'>): {
  columns: GisColumn[];
  second: [string, string] | undefined;
} {
  const columns = [...layer.columns];
  if (!layer.secondGeometry) return { columns, second: undefined };
  const prefix = layer.secondGeometry.replace(/_geometry$/, '');
  const names: [string, string] = [`${prefix}_lon`, `${prefix}_lat`];
  const taken = new Set(columns.map((c) => c.name));
  // A list that already shows the second position (computed_lon/computed_lat) needs no more.
  if (names.every((n) => taken.has(n))) return { columns, second: undefined };
  for (const name of names) if (!taken.has(name)) columns.push({ name, type: 'real' });
  return { columns, second: names };
}

function headerMeta(layer: GisLayer, columns: readonly GisColumn[]): HeaderMeta {
  return {
    geometryType:
      layer.geometryType === 'LineString' ? GeometryType.LineString : GeometryType.Point,
    columns: columns.map((c) => ({
      name: c.name,
      type: COLUMN_TYPES[c.type],
      title: null,
      description: null,
      width: -1,
      precision: -1,
      scale: -1,
      nullable: true,
      unique: false,
      primary_key: false,
    })),
    envelope: null,
    featuresCount: 0,
    indexNodeSize: DEFAULT_NODE_SIZE,
    crs: null,
    title: null,
    description: null,
    metadata: null,
  };
}

function encodeHeader(
  layer: GisLayer,
  meta: HeaderMeta,
  count: number,
  extent: GisLayerSummary['extent'],
): Uint8Array {
  const builder = new flatbuffers.Builder(1024);
  const columns = Header.createColumnsVector(
    builder,
    (meta.columns ?? []).map((column) => {
      const name = builder.createString(column.name);
      Column.startColumn(builder);
      Column.addName(builder, name);
      Column.addType(builder, column.type);
      return Column.endColumn(builder);
    }),
  );
  const name = builder.createString(layer.name);
  const description = layer.description ? builder.createString(layer.description) : 0;
  const org = builder.createString('EPSG');
  Crs.startCrs(builder);
  Crs.addOrg(builder, org);
  Crs.addCode(builder, EPSG_4326);
  const crs = Crs.endCrs(builder);
  const envelope = extent ? Header.createEnvelopeVector(builder, extent) : 0;
  Header.startHeader(builder);
  Header.addName(builder, name);
  if (envelope) Header.addEnvelope(builder, envelope);
  Header.addGeometryType(builder, meta.geometryType);
  Header.addColumns(builder, columns);
  Header.addFeaturesCount(builder, BigInt(count));
  Header.addIndexNodeSize(builder, count > 0 ? DEFAULT_NODE_SIZE : 0);
  Header.addCrs(builder, crs);
  if (description) Header.addDescription(builder, description);
  builder.finishSizePrefixed(Header.endHeader(builder));
  return builder.asUint8Array();
}

function parsed(geometry: GisGeometry): IParsedGeometry {
  const xy =
    geometry.type === 'Point'
      ? [geometry.coordinates[0], geometry.coordinates[1]]
      : geometry.coordinates.flatMap(([x, y]) => [x, y]);
  const type = geometry.type === 'Point' ? GeometryType.Point : GeometryType.LineString;
  // No parts and no ends: a single point or line (the library tests `parts` for truthiness).
  return { xy, type, ends: undefined, parts: undefined } as unknown as IParsedGeometry;
}

/** Growable per-feature records of the first pass. */
class FeatureIndex {
  boxes = new Float64Array(4 * 1024);
  offsets = new Float64Array(1024);
  lengths = new Float64Array(1024);
  count = 0;

  add(box: readonly number[], offset: number, length: number): void {
    if (this.count === this.offsets.length) {
      const grow = (a: Float64Array, n: number) => {
        const b = new Float64Array(n);
        b.set(a);
        return b;
      };
      this.boxes = grow(this.boxes, this.boxes.length * 2);
      this.offsets = grow(this.offsets, this.offsets.length * 2);
      this.lengths = grow(this.lengths, this.lengths.length * 2);
    }
    this.boxes.set(box, this.count * 4);
    this.offsets[this.count] = offset;
    this.lengths[this.count] = length;
    this.count += 1;
  }
}

/** Writes `layer` (points or lines) to the FlatGeobuf `file`, with a spatial index. */
export async function writeFlatGeobuf(
  file: string,
  layer: GisLayer,
  options: GisWriteOptions = {},
): Promise<GisLayerSummary> {
  if (!layer.geometryType) throw new Error(`FlatGeobuf needs a geometry: ${layer.name} has none.`);
  const { columns, second } = flatGeobufColumns(layer);
  checkLayer({ name: layer.name, columns }, []);
  const meta = headerMeta(layer, columns);
  return writeThroughTemp(file, async (temp) => {
    const side = `${temp}.features`;
    const features = new ChunkedFile(side);
    const index = new FeatureIndex();
    let extent: GisLayerSummary['extent'];
    let leftOut = 0;
    try {
      for await (const feature of layer.features) {
        if ((index.count + leftOut) % 1000 === 0) checkCancelled(options.signal);
        if (!feature.geometry) {
          leftOut += 1;
          continue;
        }
        const properties: Record<string, string | number | boolean | null> = {};
        for (const column of columns) {
          const raw = feature.values[column.name];
          properties[column.name] =
            column.type === 'json' ? ((raw ?? null) as never) : cellValue(column.type, raw);
        }
        if (second) {
          const position = feature.secondGeometry?.type === 'Point' ? feature.secondGeometry : null;
          properties[second[0]] = position ? position.coordinates[0] : null;
          properties[second[1]] = position ? position.coordinates[1] : null;
        }
        const bytes = buildFeature(parsed(feature.geometry), properties, meta);
        const box = geometryEnvelope(feature.geometry);
        extent = growExtent(extent, box);
        index.add(box, features.size, bytes.length);
        features.write(bytes);
      }
      checkCancelled(options.signal);
      features.close();
      writeIndexed(temp, side, layer, meta, index, extent);
    } catch (error) {
      try {
        features.abandon();
      } catch {
        // Already closed.
      }
      throw error;
    } finally {
      rmSync(side, { force: true });
    }
    return { name: layer.name, features: index.count, leftOut, extent };
  });
}

/** The second pass: header, index, and the features copied from `side` in Hilbert order. */
function writeIndexed(
  target: string,
  side: string,
  layer: GisLayer,
  meta: HeaderMeta,
  index: FeatureIndex,
  extent: GisLayerSummary['extent'],
): void {
  const out = new ChunkedFile(target);
  const input = openSync(side, 'r');
  try {
    out.write(magicbytes);
    out.write(encodeHeader(layer, meta, index.count, extent));
    if (index.count > 0 && extent) {
      const order = hilbertOrder(index.boxes, index.count, extent);
      const placed = new Float64Array(index.count);
      let at = 0;
      for (const feature of order) {
        placed[feature] = at;
        at += index.lengths[feature] as number;
      }
      out.write(packedRTree(index.boxes, placed, order));
      let buffer = new Uint8Array(64 * 1024);
      for (const feature of order) {
        const length = index.lengths[feature] as number;
        if (length > buffer.length) buffer = new Uint8Array(length);
        const chunk = buffer.subarray(0, length);
        let done = 0;
        while (done < length) {
          const got = readSync(
            input,
            chunk,
            done,
            length - done,
            (index.offsets[feature] as number) + done,
          );
          if (got === 0) throw new Error('The side file of the FlatGeobuf writer is truncated.');
          done += got;
        }
        out.write(chunk);
      }
    }
    out.close();
  } catch (error) {
    try {
      out.abandon();
    } catch {
      // Already closed.
    }
    throw error;
  } finally {
    closeSync(input);
  }
}
