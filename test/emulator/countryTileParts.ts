// Pieces of the country dataset's tiles: projection into tile units, lines cut at the buffered
// tile edge (never lost at low zooms), and the thinned overview points of z0-5.
import { type MvtFeature, type MvtPoint } from '../support/mvtWriter';
import { type CountrySequence } from './countryCells';
import { clipLine } from './lineClipping';

/** Tile units per tile side, and the buffer lines run past the edge. */
export const EXTENT = 4096;
export const BUFFER = 64;

/** Projects lon/lat into the unrounded units of tile z/x/y. */
export function projector(
  z: number,
  x: number,
  y: number,
): (lon: number, lat: number) => [number, number] {
  const n = 2 ** z;
  return (lon, lat) => {
    const s = Math.sin((lat * Math.PI) / 180);
    const wx = ((lon + 180) / 360) * n;
    const wy = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n;
    return [(wx - x) * EXTENT, (wy - y) * EXTENT];
  };
}

/**
 * The pieces of a path (in unrounded tile units) inside the buffered tile. A path that reaches the
 * tile but rounds to a single unit keeps a one-unit line, so no zoom loses a sequence.
 */
export function lineIn(points: MvtPoint[]): MvtPoint[][] | undefined {
  const parts = clipLine(points, -BUFFER, EXTENT + BUFFER);
  if (parts.length > 0) return parts;
  const fine = 256;
  const scaled = points.map(([px, py]) => [px * fine, py * fine] as MvtPoint);
  const touching = clipLine(scaled, -BUFFER * fine, (EXTENT + BUFFER) * fine)[0]?.[0];
  if (!touching) return undefined;
  const px = Math.round(touching[0] / fine);
  const py = Math.round(touching[1] / fine);
  return [
    [
      [px, py],
      [px < EXTENT ? px + 1 : px - 1, py],
    ],
  ];
}

/** The overview layer's points: one per 32x32-unit cell. */
export function overview(
  sequences: CountrySequence[],
  proj: (lon: number, lat: number) => [number, number],
): MvtFeature[] {
  // One point per 32x32-unit cell keeps low-zoom tiles small, as in the city dataset's tiles.
  const taken = new Set<number>();
  const features: MvtFeature[] = [];
  for (const seq of sequences) {
    const [lon, lat] = seq.path[0] as [number, number];
    const [px, py] = proj(lon, lat).map(Math.round) as [number, number];
    if (px < 0 || py < 0 || px > EXTENT || py > EXTENT) continue;
    const cell = Math.floor(px / 32) * 1024 + Math.floor(py / 32);
    if (taken.has(cell)) continue;
    taken.add(cell);
    features.push({
      type: 'Point',
      properties: {
        captured_at: seq.startTime,
        id: BigInt(seq.firstImageId),
        sequence_id: seq.id,
        is_pano: seq.isPano,
      },
      geometry: [[[px, py]]],
    });
  }
  return features;
}
