// Well-Known Binary, the geometry encoding GeoParquet stores and GeoPackage wraps: little-endian,
// two dimensions, the ISO type codes (1 Point, 2 LineString). Also the GeoPackage binary header
// (GeoPackage 1.3, clause 2.1.3) that prefixes WKB in a GeoPackage geometry column.
import { type GisGeometry, geometryEnvelope } from './gisTypes';

const WKB_POINT = 1;
const WKB_LINESTRING = 2;

/** Bytes of the WKB of `geometry`. */
export function wkbLength(geometry: GisGeometry): number {
  return geometry.type === 'Point' ? 21 : 9 + 16 * geometry.coordinates.length;
}

/** Writes the WKB of `geometry` into `view` at `offset`; returns the offset after it. */
export function writeWkb(view: DataView, offset: number, geometry: GisGeometry): number {
  view.setUint8(offset, 1);
  if (geometry.type === 'Point') {
    view.setUint32(offset + 1, WKB_POINT, true);
    view.setFloat64(offset + 5, geometry.coordinates[0], true);
    view.setFloat64(offset + 13, geometry.coordinates[1], true);
    return offset + 21;
  }
  view.setUint32(offset + 1, WKB_LINESTRING, true);
  view.setUint32(offset + 5, geometry.coordinates.length, true);
  let at = offset + 9;
  for (const [x, y] of geometry.coordinates) {
    view.setFloat64(at, x, true);
    view.setFloat64(at + 8, y, true);
    at += 16;
  }
  return at;
}

/** The WKB of `geometry`. */
export function toWkb(geometry: GisGeometry): Uint8Array {
  const bytes = new Uint8Array(wkbLength(geometry));
  writeWkb(new DataView(bytes.buffer), 0, geometry);
  return bytes;
}

/** WGS 84, the only SRS our exports use. */
export const EPSG_4326 = 4326;

/**
 * A GeoPackage geometry blob: `GP`, version 0, flags (little-endian; an XY envelope for lines,
 * none for points, whose envelope is the point itself, as the standard allows), the SRS id, the
 * envelope, then the WKB.
 */
export function toGeoPackageBlob(geometry: GisGeometry, srsId = EPSG_4326): Uint8Array {
  const withEnvelope = geometry.type !== 'Point';
  const headerLength = 8 + (withEnvelope ? 32 : 0);
  const bytes = new Uint8Array(headerLength + wkbLength(geometry));
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x47;
  bytes[1] = 0x50;
  bytes[2] = 0;
  // Bit 0: little-endian header values; bits 1-3: envelope kind (1 = minx, maxx, miny, maxy).
  bytes[3] = 1 | ((withEnvelope ? 1 : 0) << 1);
  view.setInt32(4, srsId, true);
  if (withEnvelope) {
    const [minX, minY, maxX, maxY] = geometryEnvelope(geometry);
    view.setFloat64(8, minX, true);
    view.setFloat64(16, maxX, true);
    view.setFloat64(24, minY, true);
    view.setFloat64(32, maxY, true);
  }
  writeWkb(view, headerLength, geometry);
  return bytes;
}

/** Reads WKB back (Point and LineString, either byte order); for tests and checks. */
export function fromWkb(bytes: Uint8Array): GisGeometry {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = view.getUint8(0) === 1;
  const type = view.getUint32(1, little);
  if (type === WKB_POINT) {
    return {
      type: 'Point',
      coordinates: [view.getFloat64(5, little), view.getFloat64(13, little)],
    };
  }
  if (type === WKB_LINESTRING) {
    const count = view.getUint32(5, little);
    if (9 + count * 16 > bytes.byteLength) throw new Error('WKB LineString is truncated');
    const coordinates: [number, number][] = [];
    for (let i = 0; i < count; i++) {
      coordinates.push([view.getFloat64(9 + i * 16, little), view.getFloat64(17 + i * 16, little)]);
    }
    return { type: 'LineString', coordinates };
  }
  throw new Error(`WKB geometry type ${type} is not supported`);
}
