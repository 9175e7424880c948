// The Explorer's area: a bounding box typed as `minLon,minLat,maxLon,maxLat`, checked as it is typed
// so the input box can say what is wrong before anything is asked of the service, or the path of a
// GeoJSON file holding the area's shape.
import { type Bbox } from '../api/bbox';
import { COVERAGE_ZOOM, countTilesCoveringBbox } from '../tiles/tileMath';

/** The area, or why the text is not one. */
export type AreaParse = { ok: true; bbox: Bbox; tiles: number } | { ok: false; message: string };

/** Most z14 coverage tiles an area may span where each of them is read (the tools' listing). */
export const MAX_AREA_TILES = 256;

/**
 * Most z14 tiles the map's view may span to become the area: a region (about 2,400 km across at
 * the equator), not the world; the listing of such an area reads only where the imagery is.
 */
export const MAX_VIEW_AREA_TILES = 1_000_000;

/** Whether the area's text names a GeoJSON file (`areas/cyprus.geojson`) rather than a bbox. */
export function isAreaFileText(text: string): boolean {
  return /\.(geo)?json$/i.test(text.trim());
}

/** Formats a bbox the way {@link parseArea} reads it. */
export function formatArea(bbox: Bbox): string {
  return bbox.map((n) => String(Number(n.toFixed(6)))).join(',');
}

/**
 * Parses and checks an area. Corners that are swapped, coordinates outside ±180/±90 and areas that
 * span more than `maxTiles` z14 tiles are refused with a message that says how to fix them.
 */
export function parseArea(text: string, maxTiles = MAX_AREA_TILES): AreaParse {
  const parts = text
    .trim()
    .replace(/^\[|\]$/g, '')
    .split(/\s*[,;\s]\s*/)
    .filter((p) => p !== '');
  if (parts.length !== 4) {
    return {
      ok: false,
      message: `Type four numbers, minLon,minLat,maxLon,maxLat (got ${parts.length}).`,
    };
  }
  const numbers = parts.map(Number);
  const bad = parts.findIndex(
    (p, i) => !/^[-+]?\d+(\.\d+)?$/.test(p) || !Number.isFinite(numbers[i]),
  );
  if (bad >= 0) return { ok: false, message: `"${parts[bad]?.slice(0, 20)}" is not a number.` };
  const [minLon, minLat, maxLon, maxLat] = numbers as [number, number, number, number];
  if (Math.abs(minLon) > 180 || Math.abs(maxLon) > 180) {
    return { ok: false, message: 'Longitudes must lie between -180 and 180.' };
  }
  if (Math.abs(minLat) > 90 || Math.abs(maxLat) > 90) {
    return { ok: false, message: 'Latitudes must lie between -90 and 90.' };
  }
  if (minLon >= maxLon || minLat >= maxLat) {
    const swapped = minLon > maxLon || minLat > maxLat;
    return {
      ok: false,
      message: swapped
        ? `The corners are swapped: the south-west corner comes first, e.g. ${formatArea([
            Math.min(minLon, maxLon),
            Math.min(minLat, maxLat),
            Math.max(minLon, maxLon),
            Math.max(minLat, maxLat),
          ])}.`
        : 'The area is empty: the corners must differ in both longitude and latitude.',
    };
  }
  const bbox: Bbox = [minLon, minLat, maxLon, maxLat];
  const tiles = countTilesCoveringBbox(bbox, COVERAGE_ZOOM);
  if (tiles > maxTiles) {
    return {
      ok: false,
      message: `The area spans ${tiles} coverage tiles; at most ${maxTiles} are read to list sequences: choose a smaller area.`,
    };
  }
  return { ok: true, bbox, tiles };
}
