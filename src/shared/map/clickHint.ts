// What a click on the map tells the host of the image it opens besides its id: the image's
// sequence (from the coverage tile) and where the click was, for the viewer's first read.
import type { ImageHint } from '../messages';

/**
 * The hint of a click at `lng`, `lat` on a picked image. Leaflet counts longitudes past ±180 once
 * the map has been panned across the antimeridian: they are wrapped back.
 */
export function clickHint(pick: { sequenceId?: string }, lng: number, lat: number): ImageHint {
  const lon = ((((lng + 180) % 360) + 360) % 360) - 180;
  return {
    near: [lon, Math.max(-90, Math.min(90, lat))],
    ...(pick.sequenceId ? { sequenceId: pick.sequenceId } : {}),
  };
}
