// Groups an MVT polygon feature's rings into polygons (an outer ring followed by its holes).
// Unlike @mapbox/vector-tile's classifyRings, no ring is ever dropped: detections from older MVT v1
// encoders can have degenerate or oddly wound rings, and a ring that is lost is an outline the user
// never sees.

/** A ring or line as `[x, y]` points. */
export type Ring = [number, number][];

/**
 * Twice the signed area of a ring by the surveyor's formula, in the orientation the MVT
 * specification uses: with y pointing down, a clockwise ring (on screen) is positive.
 */
export function signedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x1, y1] = ring[i] ?? [0, 0];
    const [x2, y2] = ring[j] ?? [0, 0];
    sum += (x2 - x1) * (y1 + y2);
  }
  return sum;
}

/**
 * Splits rings into polygons. In MVT v2 an outer ring has positive area and a hole negative area.
 * MVT v1 did not fix the winding, so there the first ring with an area sets which sign is outer.
 * A hole before any outer ring, or a ring with no area, is kept: as its own polygon when no outer
 * ring precedes it, otherwise with the polygon before it.
 */
export function groupRings(rings: Ring[], version: number): Ring[][] {
  const polygons: Ring[][] = [];
  let current: Ring[] | undefined;
  let outerIsPositive: boolean | undefined = version >= 2 ? true : undefined;
  for (const ring of rings) {
    const area = signedArea(ring);
    if (area !== 0 && outerIsPositive === undefined) outerIsPositive = area > 0;
    const isOuter = area !== 0 && area > 0 === outerIsPositive;
    if (isOuter || !current) {
      current = [ring];
      polygons.push(current);
    } else {
      current.push(ring);
    }
  }
  return polygons;
}
