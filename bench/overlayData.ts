// The synthetic files the overlay benchmark draws: 50 MB of GeoJSON in the shape real workspace
// files take, spread over a city as the emulator's is. Buildings: small polygons of 5 to 14
// corners with three properties each. Assets: points with a name and a kind. Deterministic (a
// seeded generator), so two runs draw the same data.

/** A seeded pseudo-random generator in [0, 1). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const WEST = 12.85;
const SOUTH = 55.5;
const SPAN_LON = 0.35;
const SPAN_LAT = 0.2;

function collection(parts: string[]): string {
  return `{"type":"FeatureCollection","features":[${parts.join(',')}]}`;
}

/** About `bytes` of building polygons. */
export function buildingsGeoJson(bytes: number, seed = 1): string {
  const rnd = random(seed);
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const cx = WEST + rnd() * SPAN_LON;
    const cy = SOUTH + rnd() * SPAN_LAT;
    const corners = 5 + Math.floor(rnd() * 10);
    const ring: number[][] = [];
    for (let k = 0; k < corners; k++) {
      const angle = (k / corners) * 2 * Math.PI;
      const r = 0.0001 + rnd() * 0.0002;
      ring.push([
        +(cx + r * Math.cos(angle)).toFixed(7),
        +(cy + r * Math.sin(angle) * 0.6).toFixed(7),
      ]);
    }
    ring.push(ring[0] as number[]);
    const part = JSON.stringify({
      type: 'Feature',
      properties: { id: i, name: `Building ${i}`, levels: 1 + (i % 7) },
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
    parts.push(part);
    size += part.length + 1;
  }
  return collection(parts);
}

/** About `bytes` of asset points. */
export function assetsGeoJson(bytes: number, seed = 2): string {
  const rnd = random(seed);
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part = JSON.stringify({
      type: 'Feature',
      properties: { id: i, name: `Asset ${i}`, kind: i % 3 ? 'hydrant' : 'street light' },
      geometry: {
        type: 'Point',
        coordinates: [
          +(WEST + rnd() * SPAN_LON).toFixed(7),
          +(SOUTH + rnd() * SPAN_LAT).toFixed(7),
        ],
      },
    });
    parts.push(part);
    size += part.length + 1;
  }
  return collection(parts);
}

/** The extent of both files: [west, south, east, north]. */
export const DATA_BBOX = [WEST, SOUTH, WEST + SPAN_LON, SOUTH + SPAN_LAT] as const;
