// The country-sized world: an island the size of Cyprus (about 32.2,34.5,34.7,35.8) with its towns
// and the roads between them, the organizations that photograph them and their creators. Nothing
// here holds images: it only says how dense coverage is around each z14 cell and who drives there,
// so the country dataset can generate any cell on demand (see countryCells.ts).
import { Prng } from './prng';

/** The dataset's bbox `[minLon, minLat, maxLon, maxLat]`. */
export const COUNTRY_BBOX = [32.2, 34.5, 34.7, 35.8] as const;

/** Zoom of the generation cells: one cell is one z14 tile. */
export const CELL_ZOOM = 14;

/** A town: coverage is densest at its centre and fades out by twice its radius. */
export interface Town {
  name: string;
  lon: number;
  lat: number;
  radiusKm: number;
  /** Expected sequences starting in the cell at the centre. */
  peak: number;
  /** Organization index → relative share of the town's sequences (-1: creators on their own). */
  owners: Record<number, number>;
  /** Angle of the town's street grid in degrees. */
  gridAngle: number;
}

/** A road between two towns, covered thinly along its whole length. */
export interface Road {
  from: [number, number];
  to: [number, number];
  /** Expected sequences starting in a cell the road crosses. */
  density: number;
  owners: Record<number, number>;
}

/** Where a cell's coverage comes from. */
export type Source = { kind: 'town'; town: Town } | { kind: 'road'; road: Road };

const IND = -1;

// Positions of the island's real towns, so the coverage has the shape of a real country's: dense
// cities on the coast, a capital inland, empty mountains and sea.
// name, lon, lat, radius (km), expected sequences in the centre cell, owner shares.
const TOWNS: [string, number, number, number, number, Record<number, number>][] = [
  ['Nicosia', 33.3642, 35.1725, 5, 42, { 0: 6, 1: 1, [IND]: 3 }],
  ['Limassol', 33.0413, 34.6841, 4.5, 35, { 2: 5, 1: 1, [IND]: 3 }],
  ['Larnaca', 33.6233, 34.9229, 3.5, 26, { 3: 4, 1: 1, [IND]: 3 }],
  ['Paphos', 32.4218, 34.7754, 3, 22, { 4: 4, 1: 1, [IND]: 3 }],
  ['Famagusta', 33.9392, 35.1174, 2.5, 16, { 3: 3, [IND]: 3 }],
  ['Kyrenia', 33.3167, 35.3417, 2, 14, { 0: 2, [IND]: 3 }],
  ['Paralimni', 33.9819, 35.0375, 1.5, 10, { 3: 3, [IND]: 2 }],
  ['Ayia Napa', 33.9996, 34.9823, 1.5, 11, { 3: 3, [IND]: 3 }],
  ['Polis', 32.4254, 35.0357, 1, 6, { 4: 2, [IND]: 2 }],
  ['Morphou', 32.9924, 35.1986, 1.5, 8, { [IND]: 3 }],
  ['Troodos', 32.8628, 34.9267, 1.2, 6, { 5: 4 }],
];

const ROUTES: [string, string][] = [
  ['Nicosia', 'Limassol'],
  ['Nicosia', 'Larnaca'],
  ['Limassol', 'Paphos'],
  ['Limassol', 'Larnaca'],
  ['Larnaca', 'Ayia Napa'],
  ['Nicosia', 'Kyrenia'],
  ['Nicosia', 'Famagusta'],
  ['Paphos', 'Polis'],
  ['Nicosia', 'Morphou'],
];

/** The organizations, in index order, as the towns and roads refer to them. */
export const COUNTRY_ORGS = [
  'Lefkosia Street Survey',
  'Island Roads Imaging',
  'Lemesos Harbour Imagery',
  'Coastal Mapping Collective',
  'Pafos Heritage Walks',
  'Troodos Trails',
];

/** Creators per organization, and creators on their own. */
const CREATORS_PER_ORG = [6, 4, 5, 5, 3, 2];
const INDEPENDENT_CREATORS = 24;

const KM_PER_DEG_LAT = 110.54;

function kmPerDegLon(lat: number): number {
  return 111.32 * Math.cos((lat * Math.PI) / 180);
}

/** Longitude of the west edge of cell column `x`. */
export function cellLon(x: number): number {
  return (x / 2 ** CELL_ZOOM) * 360 - 180;
}

/** Latitude of the north edge of cell row `y`. */
export function cellLat(y: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** CELL_ZOOM))) * 180) / Math.PI;
}

/** The cell column of a longitude and the cell row of a latitude. */
export function lonLatToCell(lon: number, lat: number): [number, number] {
  const n = 2 ** CELL_ZOOM;
  const s = Math.sin((lat * Math.PI) / 180);
  return [
    Math.floor(((lon + 180) / 360) * n),
    Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n),
  ];
}

/** An organization, a user or a creator's id. */
export interface Party {
  id: string;
  name: string;
}

/** The static world for one seed. */
export class CountryWorld {
  readonly towns: Town[];
  readonly roads: Road[];
  readonly organizations: Party[];
  /** Creators of each organization (by index), and at index `organizations.length` the independents. */
  readonly creators: Party[][];
  /** Cell ranges `[x0, y0, x1, y1]` that can hold coverage; nothing outside them is ever generated. */
  readonly cellRange: [number, number, number, number];

  constructor(readonly seed: number) {
    const rng = new Prng(seed ^ 0xc0de);
    this.towns = TOWNS.map(([name, lon, lat, radiusKm, peak, owners]) => ({
      name,
      lon,
      lat,
      radiusKm,
      peak,
      owners,
      gridAngle: rng.range(0, 90),
    }));
    const byName = new Map(this.towns.map((t) => [t.name, t]));
    this.roads = ROUTES.map(([a, b]) => {
      const from = byName.get(a) as Town;
      const to = byName.get(b) as Town;
      return {
        from: [from.lon, from.lat],
        to: [to.lon, to.lat],
        density: 0.35,
        owners: { 1: 5, [IND]: 1 },
      };
    });
    const used = new Set<string>();
    const freshId = (digits: number): string => {
      for (;;) {
        const id = rng.digits(digits);
        if (!used.has(id)) {
          used.add(id);
          return id;
        }
      }
    };
    this.organizations = COUNTRY_ORGS.map((name) => ({ id: freshId(15), name }));
    this.creators = [...CREATORS_PER_ORG, INDEPENDENT_CREATORS].map((n, org) =>
      Array.from({ length: n }, (_, i) => ({
        id: freshId(rng.chance(0.5) ? 15 : 16),
        name: `${org < COUNTRY_ORGS.length ? `org${org}_` : 'solo_'}driver${i + 1}`,
      })),
    );
    const [x0, y1] = lonLatToCell(COUNTRY_BBOX[0], COUNTRY_BBOX[1]);
    const [x1, y0] = lonLatToCell(COUNTRY_BBOX[2], COUNTRY_BBOX[3]);
    this.cellRange = [x0, y0, x1, y1];
  }

  /** The creators an owner index draws from (`-1`: those on their own). */
  creatorsOf(owner: number): Party[] {
    return this.creators[owner < 0 ? this.organizations.length : owner] ?? [];
  }

  /** Expected sequences starting in cell (x, y), and what contributes them. */
  density(x: number, y: number): { total: number; sources: { source: Source; weight: number }[] } {
    const lon = (cellLon(x) + cellLon(x + 1)) / 2;
    const lat = (cellLat(y) + cellLat(y + 1)) / 2;
    const sources: { source: Source; weight: number }[] = [];
    for (const town of this.towns) {
      const dx = (lon - town.lon) * kmPerDegLon(lat);
      const dy = (lat - town.lat) * KM_PER_DEG_LAT;
      const d = Math.hypot(dx, dy) / town.radiusKm;
      if (d < 2)
        sources.push({ source: { kind: 'town', town }, weight: town.peak * Math.exp(-d * d) });
    }
    for (const road of this.roads) {
      if (distanceToSegmentKm(lon, lat, road.from, road.to) < 1.1) {
        sources.push({ source: { kind: 'road', road }, weight: road.density });
      }
    }
    return { total: sources.reduce((sum, s) => sum + s.weight, 0), sources };
  }

  /**
   * Calls `visit` for every cell in the inclusive range that can hold coverage: those near a town or
   * a road. Cells far from both are skipped without being looked at.
   */
  forEachCandidateCell(
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    visit: (x: number, y: number) => void,
  ): void {
    const [cx0, cy0, cx1, cy1] = this.cellRange;
    const ax0 = Math.max(x0, cx0);
    const ay0 = Math.max(y0, cy0);
    const ax1 = Math.min(x1, cx1);
    const ay1 = Math.min(y1, cy1);
    if (ax0 > ax1 || ay0 > ay1) return;
    const seen = new Set<number>();
    const boxes: [number, number, number, number][] = [];
    for (const town of this.towns) {
      const rLon = (2 * town.radiusKm) / kmPerDegLon(town.lat);
      const rLat = (2 * town.radiusKm) / KM_PER_DEG_LAT;
      boxes.push(cellBox(town.lon - rLon, town.lat - rLat, town.lon + rLon, town.lat + rLat));
    }
    for (const road of this.roads) {
      const pad = 1.2 / KM_PER_DEG_LAT;
      boxes.push(
        cellBox(
          Math.min(road.from[0], road.to[0]) - pad * 1.3,
          Math.min(road.from[1], road.to[1]) - pad,
          Math.max(road.from[0], road.to[0]) + pad * 1.3,
          Math.max(road.from[1], road.to[1]) + pad,
        ),
      );
    }
    for (const [bx0, by0, bx1, by1] of boxes) {
      for (let y = Math.max(ay0, by0); y <= Math.min(ay1, by1); y++) {
        for (let x = Math.max(ax0, bx0); x <= Math.min(ax1, bx1); x++) {
          const k = y * 65536 + x;
          if (seen.has(k)) continue;
          seen.add(k);
          visit(x, y);
        }
      }
    }
  }
}

function cellBox(w: number, s: number, e: number, n: number): [number, number, number, number] {
  const [x0, y1] = lonLatToCell(w, s);
  const [x1, y0] = lonLatToCell(e, n);
  return [x0, y0, x1, y1];
}

function distanceToSegmentKm(
  lon: number,
  lat: number,
  a: [number, number],
  b: [number, number],
): number {
  const kx = kmPerDegLon(lat);
  const px = (lon - a[0]) * kx;
  const py = (lat - a[1]) * KM_PER_DEG_LAT;
  const bx = (b[0] - a[0]) * kx;
  const by = (b[1] - a[1]) * KM_PER_DEG_LAT;
  const len2 = bx * bx + by * by;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * bx + py * by) / len2));
  return Math.hypot(px - t * bx, py - t * by);
}

/** Kilometres per degree of longitude and latitude at a latitude. */
export function kmPerDegree(lat: number): [number, number] {
  return [kmPerDegLon(lat), KM_PER_DEG_LAT];
}
