// Filters applied while drawing and picking: compiled once per tile (organization and creator ids
// become indices into the tile's string table), then checked per feature with a few comparisons.
import type { MapFilters } from './mapSettings';
import { FLAG_PANO, FLAG_PANO_KNOWN, type FeatureColumns, type RenderTile } from './renderTile';

const DAY_MS = 86_400_000;

/** A filter ready to test the features of one tile. */
export interface TileFilter {
  /** True when the filter keeps every feature (drawing can skip the test). */
  all: boolean;
  /** Whether feature `i` of `columns` passes. */
  test(columns: FeatureColumns, i: number): boolean;
}

/** Milliseconds of the start of a `YYYY-MM-DD` day (UTC), or undefined for an empty bound. */
export function dayStartMs(day: string): number | undefined {
  if (!day) return undefined;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

/** True when the filters keep everything. */
export function isNoFilter(filters: MapFilters): boolean {
  return (
    !filters.fromDate &&
    !filters.toDate &&
    filters.pano === 'all' &&
    !filters.organizationId &&
    !filters.creatorId
  );
}

const KEEP_ALL: TileFilter = { all: true, test: () => true };
const KEEP_NONE: TileFilter = { all: false, test: () => false };

/**
 * Compiles `filters` for one tile. A capture-date bound drops features whose date is unknown; a
 * panorama filter drops features whose kind is unknown; an organization or creator the tile never
 * mentions drops every feature of the tile without looking at them.
 */
export function compileFilter(filters: MapFilters, tile: Pick<RenderTile, 'strings'>): TileFilter {
  if (isNoFilter(filters)) return KEEP_ALL;
  const from = dayStartMs(filters.fromDate);
  const toStart = dayStartMs(filters.toDate);
  const to = toStart === undefined ? undefined : toStart + DAY_MS;
  const org = filters.organizationId ? tile.strings.indexOf(filters.organizationId) : -1;
  const creator = filters.creatorId ? tile.strings.indexOf(filters.creatorId) : -1;
  if ((filters.organizationId && org < 0) || (filters.creatorId && creator < 0)) return KEEP_NONE;
  const pano = filters.pano;
  return {
    all: false,
    test(c: FeatureColumns, i: number): boolean {
      if (from !== undefined || to !== undefined) {
        const t = c.capturedAt[i] ?? 0;
        if (t === 0) return false;
        if (from !== undefined && t < from) return false;
        if (to !== undefined && t >= to) return false;
      }
      if (pano !== 'all') {
        const flags = c.flags[i] ?? 0;
        if (!(flags & FLAG_PANO_KNOWN)) return false;
        if ((pano === 'pano') !== Boolean(flags & FLAG_PANO)) return false;
      }
      if (org >= 0 && c.organization[i] !== org) return false;
      if (creator >= 0 && c.creator[i] !== creator) return false;
      return true;
    },
  };
}
