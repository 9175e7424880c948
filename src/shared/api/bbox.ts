// Bounding boxes for area searches, `[minLon, minLat, maxLon, maxLat]` as the API's `bbox=` takes
// them, and the split into four that a search uses when the service cuts its answer off.

/** `[minLon, minLat, maxLon, maxLat]` in degrees. */
export type Bbox = readonly [number, number, number, number];

/** Returns an error message when `bbox` is not a usable area, otherwise undefined. */
export function bboxProblem(bbox: Bbox): string | undefined {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  if (![minLon, minLat, maxLon, maxLat].every(Number.isFinite)) return 'bbox has a non-number';
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90)
    return 'bbox is outside the world';
  if (minLon >= maxLon || minLat >= maxLat) return 'bbox min must be below max';
  return undefined;
}

/** Formats a bbox for `bbox=`; 7 decimals (about 1 cm) keep quadrant edges exact enough. */
export function formatBbox(bbox: Bbox): string {
  return bbox.map((n) => String(Number(n.toFixed(7)))).join(',');
}

/**
 * Splits a bbox into four quadrants (south-west, south-east, north-west, north-east). Neighbours
 * share their edges exactly, so nothing falls between them; what lies on an edge may come back
 * twice and is de-duplicated by id.
 */
export function splitBbox(bbox: Bbox): [Bbox, Bbox, Bbox, Bbox] {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const midLon = Number(((minLon + maxLon) / 2).toFixed(7));
  const midLat = Number(((minLat + maxLat) / 2).toFixed(7));
  return [
    [minLon, minLat, midLon, midLat],
    [midLon, minLat, maxLon, midLat],
    [minLon, midLat, midLon, maxLat],
    [midLon, midLat, maxLon, maxLat],
  ];
}

/** Whether a bbox can still be split without its quadrants collapsing at 7 decimals. */
export function canSplit(bbox: Bbox): boolean {
  return bbox[2] - bbox[0] > 2e-7 && bbox[3] - bbox[1] > 2e-7;
}
