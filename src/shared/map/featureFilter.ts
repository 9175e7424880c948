// The filters as they apply to map features: the date bounds by when a feature was seen (a feature
// is kept when the time between its first and last sighting meets the range), and its value, by
// the legend's toggles and its text box of wildcard patterns. Compiled once per tile, so that the
// value test is one lookup per string of the tile, then per feature a few comparisons.
import { dayStartMs } from './mapFilters';
import type { MapFilters } from './mapSettings';
import type { PointSet, RenderTile } from './renderTile';

const DAY_MS = 86_400_000;
/** Most patterns the text box takes. */
const MAX_PATTERNS = 50;

/** A filter ready to test the map features of one tile. */
export interface FeatureFilter {
  /** True when every feature passes (drawing can skip the test). */
  all: boolean;
  /** Whether feature `i` of `set` passes. */
  test(set: PointSet, i: number): boolean;
}

/** The patterns of a value text box: a comma list, `*` as a wildcard, case ignored. */
export function valuePatterns(text: string): RegExp[] {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .slice(0, MAX_PATTERNS)
    .map((p) => {
      const body = p
        .slice(0, 120)
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*');
      return new RegExp(`^${body}$`, 'i');
    });
}

/** Whether a value passes the legend's toggles and text box. */
export function valuePasses(
  value: string,
  patterns: readonly RegExp[],
  hidden: ReadonlySet<string>,
): boolean {
  if (hidden.has(value)) return false;
  return patterns.length === 0 || patterns.some((p) => p.test(value));
}

/** True when the filters keep every map feature. */
export function keepsEveryFeature(filters: MapFilters): boolean {
  return (
    !filters.fromDate &&
    !filters.toDate &&
    filters.values.trim() === '' &&
    filters.hiddenValues.length === 0
  );
}

const KEEP_ALL: FeatureFilter = { all: true, test: () => true };

/**
 * Compiles `filters` for the map features of one tile. A date bound drops features whose dates
 * are unknown; a feature whose last sighting is unknown counts as last seen when first seen.
 */
export function compileFeatureFilter(
  filters: MapFilters,
  tile: Pick<RenderTile, 'strings'>,
): FeatureFilter {
  if (keepsEveryFeature(filters)) return KEEP_ALL;
  const from = dayStartMs(filters.fromDate);
  const toStart = dayStartMs(filters.toDate);
  const to = toStart === undefined ? undefined : toStart + DAY_MS;
  const patterns = valuePatterns(filters.values);
  const hidden = new Set(filters.hiddenValues);
  const byValues = patterns.length > 0 || hidden.size > 0;
  // One decision per string of the tile; -1 (no value) passes only when nothing is asked of it.
  const kept = new Uint8Array(tile.strings.length);
  if (byValues)
    tile.strings.forEach((s, i) => (kept[i] = valuePasses(s, patterns, hidden) ? 1 : 0));
  const noValuePasses = patterns.length === 0;
  return {
    all: false,
    test(set: PointSet, i: number): boolean {
      if (byValues) {
        const v = set.value[i] ?? -1;
        if (v < 0 ? !noValuePasses : !kept[v]) return false;
      }
      if (from !== undefined || to !== undefined) {
        const first = set.capturedAt[i] ?? 0;
        const last = set.lastSeen[i] || first;
        if (first === 0 && last === 0) return false;
        if (from !== undefined && last < from) return false;
        if (to !== undefined && (first || last) >= to) return false;
      }
      return true;
    },
  };
}
