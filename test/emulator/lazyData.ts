// The lookups every dataset offers the emulator's routes, whether built up front (maps and grid
// indexes) or generated on demand (the country dataset), and what a dataset generated on demand
// offers besides.
import { type Entity, type ImageRecord } from './dataset';
import { type Bbox } from './gridIndex';

/** Finds an entity by id (sequences by key): a map for a built dataset, generation for a lazy one. */
export interface EntityLookup {
  get(id: string): Entity | undefined;
}

/** Items by position: bbox queries (edges included) with each item's position. */
export interface SpatialIndex<T> {
  /** Calls `visit` for every item in the box; `false` from it stops. */
  forEachIn(box: Bbox, visit: (item: T, lon: number, lat: number) => boolean | void): void;
  query(box: Bbox): T[];
}

/**
 * What a dataset generated on demand offers besides the lookups (see countryServed.ts): its tiles,
 * a walk over every image, and what it would hold, since its arrays stay empty.
 */
export interface LazyData {
  /** The bytes of a tile (empty for an empty tile), or undefined for no such tile. */
  tile(set: string, z: number, x: number, y: number): Uint8Array | undefined;
  /** Calls `visit` for every image, area by area; return false to stop. */
  forEachImage(visit: (image: ImageRecord) => boolean | void): void;
  /** The extent of the data `[minLon, minLat, maxLon, maxLat]`. */
  bbox: readonly [number, number, number, number];
  /** Sample ids to print and paste. */
  samples(): { imageIds: string[]; longestSequence: { id: string; images: number } };
}
