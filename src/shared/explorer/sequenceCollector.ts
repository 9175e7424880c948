// Gathers an owner's sequences from decoded z14 coverage tiles: the `image` layer gives each image's
// organization, creator, sequence, capture time and position; the `sequence` layer gives line pieces,
// cut at tile edges, joined here by sequence id. Only what lies in the area counts.
//
// The collector's state is plain JSON so a long listing can be stored and resumed. It holds one small
// record per sequence, not the ids of its images: an image well inside a tile can appear in no other
// tile, so it is counted directly; only images near a tile's edge (which a neighbour's buffer may
// repeat) are remembered by id to be counted once.
import { type Area, pointInArea } from '../geo/area';
import { classifyTile } from '../geo/areaTiles';
import { type DecodedFeature, type DecodedLayer, type DecodedTile } from '../tiles/decodedTile';
import { featureProperty } from '../tiles/featureProperties';
import { type TileCoord, tileLocalToLonLat } from '../tiles/tileMath';

/** Whose sequences to keep: an organization, a creator, or both. */
export interface SequenceOwner {
  organizationId?: string;
  creatorId?: string;
}

/** One sequence found in the area. */
export interface AreaSequence {
  /** The sequence key. */
  id: string;
  organizationId: string | undefined;
  creatorId: string | undefined;
  /** Earliest capture time seen, in milliseconds since the epoch (0 when unknown). */
  capturedAt: number;
  /** Distinct images of the sequence inside the area (from the `image` layer). */
  imagesInArea: number;
  isPano: boolean;
  /** An image of the sequence (the one the `sequence` layer names, else one in the area). */
  firstImageId: string | undefined;
  /** Extent of the sequence's images and line pieces inside the area. */
  extent: [number, number, number, number];
  /** How many line pieces the `sequence` layer cut it into across the tiles read. */
  pieces: number;
}

/** A sequence being gathered, as stored between runs. */
export interface SequenceDraft extends AreaSequence {
  /** Images of the sequence near a tile edge already counted (they may come again from a neighbour). */
  edgeImages: string[];
  /** The lowest image id seen in the area, used when the `sequence` layer names no image. */
  sampleImageId: string | undefined;
}

/** Images within this many tile units of a tile's edge are remembered by id. */
export const EDGE_MARGIN = 128;

/** An id property as text: ids arrive as strings or integers. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

// Ids are decimal strings: the shorter is the smaller; this makes choices independent of tile order.
function lowerId(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.length < b.length || (a.length === b.length && a < b) ? a : b;
}

/** Newest first by capture time; ties (and unknown times, last) by id, so the order is stable. */
export function sortSequences<T extends { id: string; capturedAt: number }>(items: T[]): T[] {
  return items.sort(
    (a, b) => b.capturedAt - a.capturedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Accumulates an owner's sequences over the tiles it is given, in any order. */
export class SequenceCollector {
  private readonly drafts = new Map<string, SequenceDraft & { edges: Set<string> }>();

  constructor(
    private readonly owner: SequenceOwner,
    private readonly area: Area,
    stored: readonly SequenceDraft[] = [],
  ) {
    for (const draft of stored) {
      this.drafts.set(draft.id, {
        ...draft,
        extent: [...draft.extent],
        edgeImages: [],
        edges: new Set(draft.edgeImages),
      });
    }
  }

  /** Whether a feature belongs to the owner. */
  matches(layer: DecodedLayer, feature: DecodedFeature): boolean {
    const { organizationId, creatorId } = this.owner;
    if (organizationId === undefined && creatorId === undefined) return false;
    if (
      organizationId !== undefined &&
      idText(featureProperty(layer, feature, 'organization_id')) !== organizationId
    ) {
      return false;
    }
    return (
      creatorId === undefined || idText(featureProperty(layer, feature, 'creator_id')) === creatorId
    );
  }

  /** Reads the `image` and `sequence` layers of a decoded z14 tile. */
  addTile(tile: TileCoord, decoded: DecodedTile): void {
    const placement = classifyTile(this.area, tile);
    if (placement === 'outside') return;
    for (const layer of decoded.layers) {
      // In a tile wholly inside the area only buffered positions (outside the tile) need a test.
      const inArea = (localX: number, localY: number, lon: number, lat: number): boolean =>
        (placement === 'inside' &&
          localX >= 0 &&
          localY >= 0 &&
          localX <= layer.extent &&
          localY <= layer.extent) ||
        pointInArea(this.area, lon, lat);
      if (layer.name === 'image') this.addImages(tile, layer, inArea);
      else if (layer.name === 'sequence') this.addLines(tile, layer, inArea);
    }
  }

  private draft(
    id: string,
    layer: DecodedLayer,
    feature: DecodedFeature,
  ): SequenceDraft & { edges: Set<string> } {
    let draft = this.drafts.get(id);
    if (!draft) {
      draft = {
        id,
        organizationId: idText(featureProperty(layer, feature, 'organization_id')),
        creatorId: idText(featureProperty(layer, feature, 'creator_id')),
        capturedAt: 0,
        imagesInArea: 0,
        isPano: false,
        firstImageId: undefined,
        extent: [Infinity, Infinity, -Infinity, -Infinity],
        pieces: 0,
        edgeImages: [],
        sampleImageId: undefined,
        edges: new Set(),
      };
      this.drafts.set(id, draft);
    }
    const capturedAt = Number(featureProperty(layer, feature, 'captured_at') ?? 0);
    if (Number.isFinite(capturedAt) && capturedAt > 0) {
      draft.capturedAt =
        draft.capturedAt === 0 ? capturedAt : Math.min(draft.capturedAt, capturedAt);
    }
    if (featureProperty(layer, feature, 'is_pano') === true) draft.isPano = true;
    return draft;
  }

  private addImages(
    tile: TileCoord,
    layer: DecodedLayer,
    inArea: (x: number, y: number, lon: number, lat: number) => boolean,
  ): void {
    const seen = new Set<string>();
    const inner = (v: number): boolean => v >= EDGE_MARGIN && v <= layer.extent - EDGE_MARGIN;
    for (const feature of layer.features) {
      if (feature.partEnd <= feature.partStart || !this.matches(layer, feature)) continue;
      const sequenceId = idText(featureProperty(layer, feature, 'sequence_id'));
      const imageId = idText(featureProperty(layer, feature, 'id'));
      if (!sequenceId || !imageId || seen.has(imageId)) continue;
      const v = layer.partStarts[feature.partStart] ?? 0;
      const x = layer.coords[2 * v] ?? 0;
      const y = layer.coords[2 * v + 1] ?? 0;
      const [lon, lat] = tileLocalToLonLat(tile, x, y, layer.extent);
      if (!inArea(x, y, lon, lat)) continue;
      seen.add(imageId);
      const draft = this.draft(sequenceId, layer, feature);
      if (!(inner(x) && inner(y))) {
        if (draft.edges.has(imageId)) continue;
        draft.edges.add(imageId);
      }
      draft.imagesInArea += 1;
      draft.sampleImageId = lowerId(draft.sampleImageId, imageId);
      grow(draft, lon, lat);
    }
  }

  private addLines(
    tile: TileCoord,
    layer: DecodedLayer,
    inArea: (x: number, y: number, lon: number, lat: number) => boolean,
  ): void {
    for (const feature of layer.features) {
      if (!this.matches(layer, feature)) continue;
      const sequenceId = idText(featureProperty(layer, feature, 'id'));
      if (!sequenceId) continue;
      const points: [number, number][] = [];
      for (let p = feature.partStart; p < feature.partEnd; p++) {
        const start = layer.partStarts[p] ?? 0;
        const end = layer.partStarts[p + 1] ?? start;
        for (let v = start; v < end; v++) {
          const x = layer.coords[2 * v] ?? 0;
          const y = layer.coords[2 * v + 1] ?? 0;
          const point = tileLocalToLonLat(tile, x, y, layer.extent);
          if (inArea(x, y, point[0], point[1])) points.push(point);
        }
      }
      // A piece that only passes through the tile's buffer outside the area is not in the area.
      if (points.length === 0) continue;
      const draft = this.draft(sequenceId, layer, feature);
      draft.pieces += 1;
      draft.firstImageId = lowerId(
        draft.firstImageId,
        idText(featureProperty(layer, feature, 'image_id')),
      );
      for (const [lon, lat] of points) grow(draft, lon, lat);
    }
  }

  /** Sequences found so far. */
  get size(): number {
    return this.drafts.size;
  }

  /** The state to store: plain JSON, in a stable order. */
  snapshot(): SequenceDraft[] {
    return [...this.drafts.values()]
      .map(({ edges, ...draft }) => ({
        ...draft,
        extent: [...draft.extent],
        edgeImages: [...edges].sort(),
      }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) as SequenceDraft[];
  }

  /** The sequences, newest first. */
  result(): AreaSequence[] {
    const out: AreaSequence[] = [];
    for (const draft of this.drafts.values()) {
      out.push({
        id: draft.id,
        organizationId: draft.organizationId,
        creatorId: draft.creatorId,
        capturedAt: draft.capturedAt,
        imagesInArea: draft.imagesInArea,
        isPano: draft.isPano,
        // The sequence layer names the first image; without it, any image in the area will do.
        firstImageId: draft.firstImageId ?? draft.sampleImageId,
        extent: [...draft.extent],
        pieces: draft.pieces,
      });
    }
    return sortSequences(out);
  }
}

function grow(draft: AreaSequence, lon: number, lat: number): void {
  const e = draft.extent;
  draft.extent = [
    Math.min(e[0], lon),
    Math.min(e[1], lat),
    Math.max(e[2], lon),
    Math.max(e[3], lat),
  ];
}
