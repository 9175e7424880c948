// Reads Well-Known Binary of any of the seven simple-feature types into GeoJSON geometries, and the
// GeoPackage geometry blobs that wrap it (GeoPackage 1.3, clause 2.1.3), for files shown over the
// map. Either byte order; ISO type codes (1000s for Z, 2000s for M, 3000s for ZM) and the EWKB
// flags PostGIS writes; only x and y are kept. The bytes come from anyone's file, so every count is
// checked against the bytes left before anything is allocated, and collections nest at most a few
// levels deep.
import type { Geometry, Position } from 'geojson';

/** Why a geometry blob could not be read. */
export class WkbError extends Error {
  override readonly name = 'WkbError';
}

const MAX_DEPTH = 4;

class WkbReader {
  private readonly view: DataView;
  offset = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number): void {
    if (this.offset + n > this.bytes.byteLength) throw new WkbError('the WKB is truncated');
  }

  // A count of items each at least `itemBytes` long must fit in what is left.
  private count(little: boolean, itemBytes: number): number {
    this.need(4);
    const n = this.view.getUint32(this.offset, little);
    this.offset += 4;
    if (n * itemBytes > this.bytes.byteLength - this.offset) {
      throw new WkbError(`the WKB declares ${n} items, more than its bytes hold`);
    }
    return n;
  }

  private positions(n: number, little: boolean, dims: number): Position[] {
    this.need(n * dims * 8);
    const out: Position[] = new Array<Position>(n);
    for (let i = 0; i < n; i++) {
      const at = this.offset + i * dims * 8;
      out[i] = [this.view.getFloat64(at, little), this.view.getFloat64(at + 8, little)];
    }
    this.offset += n * dims * 8;
    return out;
  }

  /** Reads one geometry; null for an empty point. */
  geometry(depth = 0): Geometry | null {
    if (depth > MAX_DEPTH) throw new WkbError('the WKB nests collections too deeply');
    this.need(5);
    const order = this.view.getUint8(this.offset);
    if (order > 1) throw new WkbError(`the WKB has an unknown byte order ${order}`);
    const little = order === 1;
    let code = this.view.getUint32(this.offset + 1, little);
    this.offset += 5;
    let dims = 2;
    // EWKB: Z and M flags in the high bits, and an SRID after the type.
    if (code & 0x80000000) dims++;
    if (code & 0x40000000) dims++;
    if (code & 0x20000000) {
      this.need(4);
      this.offset += 4;
    }
    code &= 0x0fffffff;
    const iso = Math.floor(code / 1000);
    if (iso > 3) throw new WkbError(`the WKB geometry type ${code} is unknown`);
    if (iso === 1 || iso === 2) dims = 3;
    if (iso === 3) dims = 4;
    const type = code % 1000;
    const point = dims * 8;
    switch (type) {
      case 1: {
        const [p] = this.positions(1, little, dims) as [Position];
        return Number.isNaN(p[0]) && Number.isNaN(p[1]) ? null : { type: 'Point', coordinates: p };
      }
      case 2:
        return {
          type: 'LineString',
          coordinates: this.positions(this.count(little, point), little, dims),
        };
      case 3: {
        const rings = this.count(little, 4);
        const coordinates: Position[][] = [];
        for (let i = 0; i < rings; i++)
          coordinates.push(this.positions(this.count(little, point), little, dims));
        return { type: 'Polygon', coordinates };
      }
      case 4:
      case 5:
      case 6:
      case 7: {
        const n = this.count(little, 5);
        const members: Geometry[] = [];
        for (let i = 0; i < n; i++) {
          const member = this.geometry(depth + 1);
          if (member) members.push(member);
        }
        return collect(type, members);
      }
      default:
        throw new WkbError(`the WKB geometry type ${code} is not a simple feature`);
    }
  }
}

function collect(type: number, members: Geometry[]): Geometry {
  const of = <T extends Geometry['type']>(want: T) => {
    const found = members.filter((m): m is Extract<Geometry, { type: T }> => m.type === want);
    if (found.length !== members.length) {
      throw new WkbError(`a WKB multi-geometry holds a member that is not a ${want}`);
    }
    return found;
  };
  if (type === 4) return { type: 'MultiPoint', coordinates: of('Point').map((p) => p.coordinates) };
  if (type === 5) {
    return { type: 'MultiLineString', coordinates: of('LineString').map((l) => l.coordinates) };
  }
  if (type === 6) {
    return { type: 'MultiPolygon', coordinates: of('Polygon').map((p) => p.coordinates) };
  }
  return { type: 'GeometryCollection', geometries: members };
}

/** Reads a WKB geometry; null for an empty one. Throws a {@link WkbError}. */
export function readWkb(bytes: Uint8Array): Geometry | null {
  return new WkbReader(bytes).geometry();
}

const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/**
 * Reads a GeoPackage geometry blob: `GP`, version, flags, SRS id, envelope, then WKB. Returns the
 * geometry (null when the blob says it is empty) and its SRS id. Throws a {@link WkbError}.
 */
export function readGeoPackageGeometry(blob: Uint8Array): {
  geometry: Geometry | null;
  srsId: number;
} {
  if (blob.byteLength < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) {
    throw new WkbError('the geometry is not a GeoPackage geometry blob (no "GP" header)');
  }
  const flags = blob[3] as number;
  if (flags & 0x20) throw new WkbError('extended GeoPackage geometries are not supported');
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 0x07];
  if (envelope === undefined) throw new WkbError('the geometry blob has an unknown envelope kind');
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const srsId = view.getInt32(4, (flags & 1) === 1);
  if (flags & 0x10) return { geometry: null, srsId };
  const start = 8 + envelope;
  if (start >= blob.byteLength) throw new WkbError('the geometry blob is truncated');
  return { geometry: readWkb(blob.subarray(start)), srsId };
}
