// The images around the viewer's position, from the z14 coverage tiles the map already fetches and
// the disk cache keeps: the images of a map cell (MapillaryJS's "core" images: id, position,
// sequence) and "other captures here" (images of other sequences within about 20 m, with their
// capture dates). No Graph call: the tiles' `image` layer has id, sequence, position, compass
// angle, capture time and the panorama flag. Computed positions come from the computed tile set.
// Decoded tiles are kept, a few at a time, so that the dozen cells around a position cost one
// decode of one or two tiles.
import { imagesOfLayer } from './tileImages';
import { type Bbox } from '../../shared/api/bbox';
import { type CoverageSet } from '../../shared/explorer/descentPlan';
import { distanceMetres, bboxAround, type PointCandidate } from '../../shared/geo/pointQueries';
import { isId } from '../../shared/ids';
import { decodeTile } from '../../shared/tiles/boundedDecoder';
import { COVERAGE_ZOOM, tilesCoveringBbox, type TileCoord } from '../../shared/tiles/tileMath';
import { type CellImage, type NearbyCapture } from '../../shared/viewer/viewerImage';
import { MAX_NEARBY } from '../../shared/viewer/viewerMessages';
import { trimOldest } from '../../shared/boundedMap';

/** Fetches one tile's bytes (decompressed; empty for an empty tile). */
export type CellTileSource = (
  set: CoverageSet,
  tile: TileCoord,
  signal?: AbortSignal,
) => Promise<Uint8Array>;

/** Radius of "other captures here", in metres. */
export const NEARBY_RADIUS_M = 20;
/** Decoded tiles kept. */
const MAX_TILES = 8;
/** Most z14 tiles one question may read (a cell or a 20 m circle spans one to four). */
const MAX_TILES_PER_QUESTION = 4;

type TileImages = Map<string, PointCandidate>;

/** The images of cells and the captures near a position (see the file comment). */
export class CoverageCells {
  private readonly tiles = new Map<string, Promise<TileImages>>();

  constructor(private readonly fetch: CellTileSource) {}

  /** The images inside `bbox` that belong to a sequence. */
  async cell(bbox: Bbox, signal?: AbortSignal): Promise<CellImage[]> {
    const [west, south, east, north] = bbox;
    const out: CellImage[] = [];
    for (const tile of tilesCoveringBbox(bbox, COVERAGE_ZOOM, MAX_TILES_PER_QUESTION)) {
      const [original, computed] = await Promise.all([
        this.images('mly1_public', tile, signal),
        this.images('mly1_computed_public', tile, signal),
      ]);
      for (const image of original.values()) {
        if (image.lon < west || image.lon > east || image.lat < south || image.lat > north)
          continue;
        if (!image.sequenceId || !isId('sequence', image.sequenceId) || !isId('image', image.id)) {
          continue;
        }
        const moved = computed.get(image.id);
        out.push({
          id: image.id,
          sequenceId: image.sequenceId,
          lon: image.lon,
          lat: image.lat,
          ...(moved ? { computedLon: moved.lon, computedLat: moved.lat } : {}),
        });
      }
    }
    return out;
  }

  /**
   * Images of other sequences within {@link NEARBY_RADIUS_M} of a position: the nearest of each
   * sequence, newest first (undated last).
   */
  async nearby(
    lon: number,
    lat: number,
    excludeSequence: string | undefined,
    signal?: AbortSignal,
  ): Promise<NearbyCapture[]> {
    const nearest = new Map<string, NearbyCapture>();
    const box = bboxAround(lon, lat, NEARBY_RADIUS_M);
    for (const tile of tilesCoveringBbox(box, COVERAGE_ZOOM, MAX_TILES_PER_QUESTION)) {
      for (const image of (await this.images('mly1_public', tile, signal)).values()) {
        const sequenceId = image.sequenceId;
        if (!sequenceId || sequenceId === excludeSequence || !isId('sequence', sequenceId))
          continue;
        if (!isId('image', image.id)) continue;
        const distanceM = distanceMetres(lon, lat, image.lon, image.lat);
        if (distanceM > NEARBY_RADIUS_M) continue;
        const held = nearest.get(sequenceId);
        if (held && held.distanceM <= distanceM) continue;
        nearest.set(sequenceId, {
          id: image.id,
          sequenceId,
          distanceM: Math.round(distanceM * 10) / 10,
          ...(image.capturedAt !== undefined ? { capturedAt: image.capturedAt } : {}),
          ...(image.isPano !== undefined ? { isPano: image.isPano } : {}),
          ...(image.compassAngle !== undefined ? { compassAngle: image.compassAngle } : {}),
        });
      }
    }
    return [...nearest.values()]
      .sort((a, b) => (b.capturedAt ?? -Infinity) - (a.capturedAt ?? -Infinity))
      .slice(0, MAX_NEARBY);
  }

  /** The images of one tile of a set, by id (decoded once, then kept). */
  private images(set: CoverageSet, tile: TileCoord, signal?: AbortSignal): Promise<TileImages> {
    const key = `${set}/${tile.x}/${tile.y}`;
    let held = this.tiles.get(key);
    if (held) {
      this.tiles.delete(key);
      this.tiles.set(key, held);
      return held;
    }
    held = this.decode(set, tile, signal);
    this.tiles.set(key, held);
    // A failed fetch is not kept: the next question tries again.
    held.catch(() => this.tiles.delete(key));
    trimOldest(this.tiles, MAX_TILES);
    return held;
  }

  private async decode(
    set: CoverageSet,
    tile: TileCoord,
    signal?: AbortSignal,
  ): Promise<TileImages> {
    const bytes = await this.fetch(set, tile, signal);
    const out: TileImages = new Map();
    if (bytes.byteLength === 0) return out;
    const decoded = decodeTile(bytes);
    // A tile that cannot be decoded holds nothing the viewer can use; it costs only itself.
    if (!decoded.ok) return out;
    for (const layer of decoded.value.layers) {
      if (layer.name !== 'image') continue;
      for (const image of imagesOfLayer(tile, layer)) out.set(image.id, image);
    }
    return out;
  }
}
