// The area a map view shows, from its centre and zoom: the map saves only those, so the bounds are
// worked out for a typical panel size.
import { type Bbox } from '../api/bbox';
import { clampLat, latToTileY, lonToTileX, tileXToLon, tileYToLat } from '../tiles/tileMath';

/** Pixel size assumed for the map panel when only its centre and zoom are known. */
export const DEFAULT_VIEW_PIXELS = { width: 1000, height: 700 } as const;

/**
 * The bbox of a Leaflet view (`center` as `[lat, lng]`, 256-pixel tiles) of the given pixel size.
 * Longitudes are clamped to ±180 and latitudes to Web Mercator's limit.
 */
export function viewArea(
  center: readonly [number, number],
  zoom: number,
  pixels: { width: number; height: number } = DEFAULT_VIEW_PIXELS,
): Bbox {
  const [lat, lng] = center;
  // Fractional tile positions at the view's zoom; half the panel is this many tiles.
  const z = Math.max(0, Math.min(24, zoom));
  const scale = 2 ** (z - Math.floor(z));
  const zi = Math.floor(z);
  const x = lonToTileX(lng, zi);
  const y = latToTileY(clampLat(lat), zi);
  const halfW = pixels.width / 2 / 256 / scale;
  const halfH = pixels.height / 2 / 256 / scale;
  const n = 2 ** zi;
  const west = Math.max(-180, tileXToLon(Math.max(0, x - halfW), zi));
  const east = Math.min(180, tileXToLon(Math.min(n, x + halfW), zi));
  const north = tileYToLat(Math.max(0, y - halfH), zi);
  const south = tileYToLat(Math.min(n, y + halfH), zi);
  return [west, south, east, north];
}
