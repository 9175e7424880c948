// Vector tiles generated from the dataset, in the layers and properties the service serves.
import { type MvtFeature, type MvtLayer, type MvtPoint, encodeMvt } from '../support/mvtWriter';
import { type Dataset, type ImageRecord, type MapFeature } from './dataset';
import { type SpatialIndex } from './lazyData';
import { type Bbox } from './gridIndex';
import { clipLine } from './lineClipping';
import { type Reply, text } from './replies';

/** The tile sets the emulator serves. */
export const tileSets = [
  'mly1_public',
  'mly1_computed_public',
  'mly_map_feature_point',
  'mly_map_feature_traffic_sign',
] as const;

/** One of {@link tileSets}. */
export type TileSet = (typeof tileSets)[number];

/** The deepest zoom served; clients overzoom beyond it. */
export const maxTileZoom = 14;

const extent = 4096;
// Lines run a little past the tile edge so that joins between neighbouring tiles are seamless.
const buffer = 64;

/** The lon/lat box of a tile. */
export function tileBbox(z: number, x: number, y: number): Bbox {
  const n = 2 ** z;
  const lon = (tx: number): number => (tx / n) * 360 - 180;
  const lat = (ty: number): number =>
    (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return { minLon: lon(x), maxLon: lon(x + 1), minLat: lat(y + 1), maxLat: lat(y) };
}

/** Builds and caches tiles for one dataset. */
export class TileMaker {
  private readonly cache = new Map<string, Uint8Array>();

  constructor(private readonly dataset: Dataset) {}

  /**
   * Answers `<set>/2/<z>/<x>/<y>` (the part of the path after `/maps/vtp`): the tile as
   * `application/x-protobuf`, 200 with an empty body for an empty tile (mapillary-api.md, Vector
   * tiles: "A 200 or 204 with an empty body is an empty tile"), 404 for one that does not exist.
   */
  serve(tilePath: string): Reply {
    const m = /^\/([a-z0-9_]+)\/2\/(\d+)\/(\d+)\/(\d+)$/.exec(tilePath);
    const bytes = m ? this.tile(m[1] ?? '', Number(m[2]), Number(m[3]), Number(m[4])) : undefined;
    if (!bytes) {
      return text(404, 'Not Found');
    }
    return {
      status: 200,
      contentType: 'application/x-protobuf',
      body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      headers: { 'Cache-Control': 'max-age=3600' },
    };
  }

  /** The tile's bytes (empty for an empty tile), or undefined for a tile that does not exist. */
  tile(set: string, z: number, x: number, y: number): Uint8Array | undefined {
    // A dataset generated on demand renders its own tiles, and keeps none: memory follows use.
    if (this.dataset.lazy) return this.dataset.lazy.tile(set, z, x, y);
    if (!(tileSets as readonly string[]).includes(set) || z < 0 || z > maxTileZoom) {
      return undefined;
    }
    const n = 2 ** z;
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n) {
      return undefined;
    }
    const key = `${set}/${z}/${x}/${y}`;
    let bytes = this.cache.get(key);
    if (!bytes) {
      const layers = this.layers(set as TileSet, z, x, y).filter((l) => l.features.length > 0);
      bytes = layers.length > 0 ? encodeMvt(layers) : new Uint8Array(0);
      this.cache.set(key, bytes);
    }
    return bytes;
  }

  private layers(set: TileSet, z: number, x: number, y: number): MvtLayer[] {
    const proj = projector(z, x, y);
    const box = tileBbox(z, x, y);
    if (set === 'mly_map_feature_point' || set === 'mly_map_feature_traffic_sign') {
      if (z !== maxTileZoom) {
        return [];
      }
      const type = set === 'mly_map_feature_point' ? 'point' : 'trafficsign';
      const features: MvtFeature[] = [];
      this.dataset.featureIndex.forEachIn(box, (f: MapFeature) => {
        if (f.objectType === type) {
          features.push({
            id: BigInt(f.id),
            type: 'Point',
            properties: {
              id: BigInt(f.id),
              value: f.objectValue,
              first_seen_at: f.firstSeenAt,
              last_seen_at: f.lastSeenAt,
            },
            geometry: [[proj(f.lon, f.lat)]],
          });
        }
      });
      return [{ name: set === 'mly_map_feature_point' ? 'point' : 'traffic_sign', features }];
    }
    const computed = set === 'mly1_computed_public';
    const index = computed ? this.dataset.computedIndex : this.dataset.imageIndex;
    const pos = (r: ImageRecord): [number, number] | undefined =>
      computed
        ? r.computedLon === undefined || r.computedLat === undefined
          ? undefined
          : [r.computedLon, r.computedLat]
        : [r.lon, r.lat];
    if (z <= 5) {
      return [{ name: 'overview', features: overview(index, box, proj) }];
    }
    const layers: MvtLayer[] = [
      { name: 'sequence', features: this.sequences(index, box, proj, pos) },
    ];
    if (z === maxTileZoom) {
      const features: MvtFeature[] = [];
      // As in the service's tiles, feature ids run on from the sequence layer's: the image id is
      // the `id` property, not the feature id.
      let featureId = layers[0]?.features.length ?? 0;
      index.forEachIn(box, (r, lon, lat) => {
        features.push(imagePoint(featureId++, r, computed, proj(lon, lat)));
      });
      layers.push({ name: 'image', features });
    }
    return layers;
  }

  private sequences(
    index: SpatialIndex<ImageRecord>,
    box: Bbox,
    proj: (lon: number, lat: number) => MvtPoint,
    pos: (r: ImageRecord) => [number, number] | undefined,
  ): MvtFeature[] {
    const padLon = ((box.maxLon - box.minLon) * buffer) / extent;
    const padLat = ((box.maxLat - box.minLat) * buffer) / extent;
    const seen = new Set<string>();
    index.forEachIn(
      {
        minLon: box.minLon - padLon,
        maxLon: box.maxLon + padLon,
        minLat: box.minLat - padLat,
        maxLat: box.maxLat + padLat,
      },
      (r) => {
        seen.add(r.sequenceId);
      },
    );
    const features: MvtFeature[] = [];
    for (const seqId of seen) {
      const e = this.dataset.byId.get(seqId);
      if (e?.kind !== 'sequence') {
        continue;
      }
      const seq = e.value;
      const line: MvtPoint[] = [];
      let first: ImageRecord | undefined;
      for (const id of seq.imageIds) {
        const img = this.dataset.byId.get(id);
        if (img?.kind !== 'image') {
          continue;
        }
        const p = pos(img.value);
        if (p) {
          first ??= img.value;
          line.push(proj(p[0], p[1]));
        }
      }
      const parts = clipLine(line, -buffer, extent + buffer);
      if (parts.length === 0 || !first) {
        continue;
      }
      features.push({
        id: features.length,
        type: 'LineString',
        properties: {
          captured_at: first.capturedAt,
          id: seq.id,
          image_id: BigInt(first.id),
          organization_id:
            seq.organizationId === undefined ? undefined : BigInt(seq.organizationId),
          creator_id: BigInt(seq.creatorId),
          is_pano: seq.isPano,
        },
        geometry: parts,
      });
    }
    return features;
  }
}

function overview(
  index: SpatialIndex<ImageRecord>,
  box: Bbox,
  proj: (lon: number, lat: number) => MvtPoint,
): MvtFeature[] {
  // One point per 32x32-unit cell keeps low-zoom tiles small, as the service's sampling does.
  const taken = new Set<number>();
  const features: MvtFeature[] = [];
  index.forEachIn(box, (r, lon, lat) => {
    const [px, py] = proj(lon, lat);
    const cell = Math.floor(px / 32) * 1024 + Math.floor(py / 32);
    if (taken.has(cell)) {
      return;
    }
    taken.add(cell);
    features.push({
      type: 'Point',
      properties: {
        captured_at: r.capturedAt,
        id: BigInt(r.id),
        sequence_id: r.sequenceId,
        is_pano: r.isPano,
      },
      geometry: [[[px, py]]],
    });
  });
  return features;
}

function projector(z: number, x: number, y: number): (lon: number, lat: number) => MvtPoint {
  const n = 2 ** z;
  return (lon, lat) => {
    const s = Math.sin((lat * Math.PI) / 180);
    const wx = ((lon + 180) / 360) * n;
    const wy = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n;
    return [Math.round((wx - x) * extent), Math.round((wy - y) * extent)];
  };
}

/** An image of the `image` layer, as the service's coverage tiles carry it, drawn at `at`. */
export function imagePoint(
  featureId: number,
  r: ImageRecord,
  computed: boolean,
  at: MvtPoint,
): MvtFeature {
  return {
    id: featureId,
    type: 'Point',
    properties: {
      captured_at: r.capturedAt,
      compass_angle: computed ? (r.computedCompassAngle ?? r.compassAngle) : r.compassAngle,
      id: BigInt(r.id),
      sequence_id: r.sequenceId,
      organization_id: r.organizationId === undefined ? undefined : BigInt(r.organizationId),
      creator_id: BigInt(r.creatorId),
      is_pano: r.isPano,
    },
    geometry: [[at]],
  };
}
