// Synthetic but realistic Mapillary records for the GIS writers' tests and benchmark: image
// entities with the fields the API returns (ids as long digit strings, times in milliseconds,
// nested creator, computed positions near the original ones), deterministic for a seed.

/** A small deterministic generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` image entities around Malmö, in sequences of 50 captured a second apart. */
export function* sampleImages(count: number, seed = 1): Generator<Record<string, unknown>> {
  const next = random(seed);
  let lon = 13.0;
  let lat = 55.6;
  for (let i = 0; i < count; i++) {
    if (i % 50 === 0) {
      lon = 12.9 + next() * 0.2;
      lat = 55.55 + next() * 0.1;
    }
    lon += (next() - 0.5) * 0.0002;
    lat += (next() - 0.5) * 0.0002;
    const noComputed = i % 17 === 0;
    yield {
      id: String(1_000_000_000_000_000n + BigInt(i) * 7919n),
      sequence: `seq${String(Math.floor(i / 50)).padStart(19, '0')}`,
      captured_at: 1_600_000_000_000 + i * 1000,
      compass_angle: Math.round(next() * 36000) / 100,
      computed_compass_angle: Math.round(next() * 36000) / 100,
      geometry: { type: 'Point', coordinates: [lon, lat] },
      ...(noComputed
        ? {}
        : {
            computed_geometry: {
              type: 'Point',
              coordinates: [lon + (next() - 0.5) * 1e-5, lat + (next() - 0.5) * 1e-5],
            },
          }),
      camera_type: i % 10 === 0 ? 'spherical' : 'perspective',
      is_pano: i % 10 === 0,
      width: 4032,
      height: 3024,
      make: 'GoPro',
      model: 'HERO8 Black',
      quality_score: Math.round(next() * 100) / 100,
      creator: { id: String(100_000_000_000_000 + (i % 7)), username: `user_${i % 7}` },
      thumb_256_url: `https://scontent.example/t256/${i}.jpg?stp=dst-jpg&_nc_sid=${i % 997}`,
      camera_parameters: [0.8, -0.02, 0.001],
    };
  }
}

/** The metadata columns the benchmark and tests export. */
export const SAMPLE_COLUMNS = [
  'img_id',
  'seq_id',
  'captured_at',
  'compass_angle',
  'computed_compass_angle',
  'camera_type',
  'is_pano',
  'width',
  'height',
  'make',
  'model',
  'quality_score',
  'creator.username',
  'thumb_256_url',
  'camera_parameters',
] as const;

/** An async stream of the items of `items`. */
export async function* streamOf<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}
