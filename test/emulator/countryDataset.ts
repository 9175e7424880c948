// The emulator's country-sized dataset (`--size country`): sparse coverage over a Cyprus-sized island,
// dense in its towns, thin along its roads and empty elsewhere, by six organizations and creators on
// their own. Nothing is built up front: a tile or a Graph lookup generates the cells it needs from
// their coordinates (countryCells.ts), and a bounded cache keeps the most recent ones, so the dataset
// starts at once and its memory follows what is read, not the country's size.
//
// Tiles carry the layers and properties of the service's coverage tiles, as
// ../shared/docs/mapillary-api.md ("Vector tiles") lists them:
// | layer      | zooms | geometry | properties                                                              |
// | `overview` | 0-5   | points   | captured_at, id, sequence_id, is_pano                                   |
// | `sequence` | 6-14  | lines    | captured_at, id (key), image_id, organization_id?, creator_id, is_pano  |
// | `image`    | 14    | points   | captured_at, compass_angle, id, sequence_id, organization_id?, creator_id, is_pano |
// Lines are cut at tile edges with a buffer, as real tiles are ("Sequence lines are cut at tile edges").
// The map feature sets are served empty: this dataset has no map features. Every sequence that
// reaches a z14 tile is in the `sequence` layer of each of its ancestors down to z6: at low zooms a
// sequence shorter than one tile unit keeps a one-unit line rather than vanishing.
import { type MvtFeature, type MvtLayer, encodeMvt } from '../support/mvtWriter';
import { type ImageRecord, type Organization, type Sequence, type User } from './dataset';
import {
  type CountrySequence,
  decodeImageId,
  decodeSequenceId,
  generateCell,
  sampleImages,
  sequenceRecord,
} from './countryCells';
import { CELL_ZOOM, COUNTRY_BBOX, CountryWorld, lonLatToCell } from './countryWorld';
import { lineIn, overview, projector } from './countryTileParts';
import { imagePoint, maxTileZoom, tileBbox, tileSets } from './tiles';

/** Options of {@link CountryDataset}. */
export interface CountryDatasetOptions {
  seed?: number;
  /** Most generated cells kept (default 4,096, more than the island's non-empty cells). */
  cacheCells?: number;
}

/** What has been generated so far. */
export interface CountryStats {
  cellsGenerated: number;
  cellsCached: number;
  tilesRendered: number;
}

/** The country dataset; see the file comment. */
export class CountryDataset {
  readonly world: CountryWorld;
  readonly bbox = COUNTRY_BBOX;
  readonly organizations: Organization[];
  readonly users: User[];
  private readonly cache = new Map<number, CountrySequence[]>();
  private readonly cacheCells: number;
  // Batched Graph reads ask for many images of one sequence in a row: its samples are kept a while.
  private readonly sampled = new Map<string, ImageRecord[]>();
  private cellsGenerated = 0;
  private tilesRendered = 0;

  constructor(options: CountryDatasetOptions = {}) {
    this.world = new CountryWorld(options.seed ?? 1);
    this.cacheCells = options.cacheCells ?? 4096;
    this.organizations = this.world.organizations.map((o) => ({
      id: o.id,
      slug: o.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      name: o.name,
      description: `${o.name}: street-level imagery of the island.`,
    }));
    this.users = this.world.creators.flat().map((c) => ({ id: c.id, username: c.name }));
  }

  /** Counters of the lazy generation. */
  stats(): CountryStats {
    return {
      cellsGenerated: this.cellsGenerated,
      cellsCached: this.cache.size,
      tilesRendered: this.tilesRendered,
    };
  }

  /** The sequences that start in cell (x, y) (an LRU cache keeps recent cells). */
  cell(x: number, y: number): CountrySequence[] {
    const key = y * 65536 + x;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const made = generateCell(this.world, x, y);
    this.cellsGenerated++;
    this.cache.set(key, made);
    if (this.cache.size > this.cacheCells) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return made;
  }

  /** Every sequence starting in the cells of the inclusive cell range. */
  sequencesInCells(x0: number, y0: number, x1: number, y1: number): CountrySequence[] {
    const out: CountrySequence[] = [];
    this.world.forEachCandidateCell(x0, y0, x1, y1, (x, y) => out.push(...this.cell(x, y)));
    return out;
  }

  /** Every sequence whose path may reach the lon/lat box. */
  sequencesNear(w: number, s: number, e: number, n: number): CountrySequence[] {
    // Paths stay within 0.8 cell of their home cell: one cell of margin finds them all.
    const [x0, y1] = lonLatToCell(w, s);
    const [x1, y0] = lonLatToCell(e, n);
    return this.sequencesInCells(x0 - 1, y0 - 1, x1 + 1, y1 + 1).filter(
      (q) => q.bbox[0] <= e && q.bbox[2] >= w && q.bbox[1] <= n && q.bbox[3] >= s,
    );
  }

  /** The image with this id, or undefined. */
  image(id: string): ImageRecord | undefined {
    const where = decodeImageId(id);
    if (!where) return undefined;
    const seq = this.cellSequence(where.x, where.y, where.seq);
    const image = seq ? this.samplesOf(seq)[where.img] : undefined;
    return image?.id === id ? image : undefined;
  }

  /** The sequence with this key (with its image ids in capture order), or undefined. */
  sequence(id: string): Sequence | undefined {
    const where = decodeSequenceId(id);
    const seq = where ? this.cellSequence(where.x, where.y, where.seq) : undefined;
    return seq ? sequenceRecord(seq) : undefined;
  }

  private samplesOf(seq: CountrySequence): ImageRecord[] {
    let images = this.sampled.get(seq.id);
    if (!images) {
      images = sampleImages(seq);
      this.sampled.set(seq.id, images);
      if (this.sampled.size > 64) {
        const oldest = this.sampled.keys().next().value;
        if (oldest !== undefined) this.sampled.delete(oldest);
      }
    }
    return images;
  }

  private cellSequence(x: number, y: number, index: number): CountrySequence | undefined {
    const [cx0, cy0, cx1, cy1] = this.world.cellRange;
    if (x < cx0 || x > cx1 || y < cy0 || y > cy1) return undefined;
    return this.cell(x, y)[index];
  }

  /**
   * Calls `visit` for every image inside the lon/lat box (edges included); return false to stop.
   * Generates the cells around the box, so callers bound the box as the Graph search does.
   */
  forEachImageIn(
    w: number,
    s: number,
    e: number,
    n: number,
    visit: (image: ImageRecord) => boolean | void,
  ): void {
    for (const seq of this.sequencesNear(w, s, e, n)) {
      for (const image of sampleImages(seq)) {
        if (image.lon >= w && image.lon <= e && image.lat >= s && image.lat <= n) {
          if (visit(image) === false) return;
        }
      }
    }
  }

  /** The bytes of tile z/x/y of `set` (empty for an empty tile), or undefined for no such tile. */
  tile(set: string, z: number, x: number, y: number): Uint8Array | undefined {
    if (
      !(tileSets as readonly string[]).includes(set) ||
      !Number.isInteger(z) ||
      z < 0 ||
      z > maxTileZoom
    ) {
      return undefined;
    }
    const n = 2 ** z;
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= n || y >= n)
      return undefined;
    this.tilesRendered++;
    if (set !== 'mly1_public' && set !== 'mly1_computed_public') return new Uint8Array(0);
    const layers = this.layers(set === 'mly1_computed_public', z, x, y).filter(
      (l) => l.features.length > 0,
    );
    return layers.length > 0 ? encodeMvt(layers) : new Uint8Array(0);
  }

  private layers(computed: boolean, z: number, x: number, y: number): MvtLayer[] {
    const box = tileBbox(z, x, y);
    const span = 2 ** (CELL_ZOOM - z);
    const cells =
      z <= CELL_ZOOM
        ? ([x * span - 1, y * span - 1, (x + 1) * span, (y + 1) * span] as const)
        : undefined;
    if (!cells) return [];
    const proj = projector(z, x, y);
    const sequences = this.sequencesInCells(...cells).filter(
      (q) =>
        q.bbox[0] <= box.maxLon &&
        q.bbox[2] >= box.minLon &&
        q.bbox[1] <= box.maxLat &&
        q.bbox[3] >= box.minLat,
    );
    if (z <= 5) return [{ name: 'overview', features: overview(sequences, proj) }];
    const features: MvtFeature[] = [];
    for (const seq of sequences) {
      const geometry = lineIn(seq.path.map(([lon, lat]) => proj(lon, lat)));
      if (!geometry) continue;
      features.push({
        id: features.length,
        type: 'LineString',
        properties: {
          captured_at: seq.startTime,
          id: seq.id,
          image_id: BigInt(seq.firstImageId),
          organization_id:
            seq.organizationId === undefined ? undefined : BigInt(seq.organizationId),
          creator_id: BigInt(seq.creatorId),
          is_pano: seq.isPano,
        },
        geometry,
      });
    }
    const layers: MvtLayer[] = [{ name: 'sequence', features }];
    if (z === CELL_ZOOM)
      layers.push({
        name: 'image',
        features: this.images(sequences, box, proj, computed, features.length),
      });
    return layers;
  }

  private images(
    sequences: CountrySequence[],
    box: { minLon: number; maxLon: number; minLat: number; maxLat: number },
    proj: (lon: number, lat: number) => [number, number],
    computed: boolean,
    firstId: number,
  ): MvtFeature[] {
    const features: MvtFeature[] = [];
    let featureId = firstId;
    for (const seq of sequences) {
      for (const r of sampleImages(seq)) {
        const lon = computed ? (r.computedLon ?? r.lon) : r.lon;
        const lat = computed ? (r.computedLat ?? r.lat) : r.lat;
        if (lon < box.minLon || lon > box.maxLon || lat < box.minLat || lat > box.maxLat) continue;
        features.push(imagePoint(featureId++, r, computed, proj(lon, lat)));
      }
    }
    return features;
  }
}
