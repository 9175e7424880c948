// Where the emulator serves tiles, and the tile paths it refuses: the service's tiles live under
// `https://tiles.mapillary.com/maps/vtp/<set>/2/{z}/{x}/{y}` and nowhere else.

/** The path the service serves tiles under (the official tiles documentation, "At a glance"). */
export const TILES_PREFIX = '/maps/vtp';

/**
 * A tile path outside `/maps/vtp`: the `/tiles/<set>/…` this emulator once served, a tile set at the
 * root (`/mly1_public/2/…`, the form clients used to build) or anything else under `/maps`. "A URL
 * without /maps/vtp does not exist" (mapillary-api.md, Hosts and auth), so each is a 404.
 */
export function isOldTilePath(path: string): boolean {
  if (path.startsWith(`${TILES_PREFIX}/`)) return false;
  return (
    path.startsWith('/tiles/') ||
    path.startsWith('/maps/') ||
    /^\/(?:mly1_public|mly1_computed_public|mly_map_feature_point|mly_map_feature_traffic_sign)(?:\/|$)/.test(
      path,
    )
  );
}
