// The Python SDK's point queries as pure math: the images close to a point (`get_image_close_to`),
// sorted by distance, and the images that look at a point (`get_image_looking_at`), sorted by how
// squarely they face it. As in the SDK, an image looks at a point when the bearing from the image to
// the point is within ±angle of its compass angle (the SDK's tolerance is 50°).
import { type Bbox } from '../api/bbox';

/** An image as the queries need it; any field but id and position may be unknown. */
export interface PointCandidate {
  id: string;
  lon: number;
  lat: number;
  /** Degrees clockwise from north. */
  compassAngle?: number;
  capturedAt?: number;
  isPano?: boolean;
  sequenceId?: string;
  organizationId?: string;
  creatorId?: string;
}

/** The filters every search takes. */
export interface PointQueryFilters {
  /** Captured at or after (ms since the epoch). */
  fromMs?: number;
  /** Captured before (ms since the epoch). */
  toMs?: number;
  pano?: 'all' | 'pano' | 'flat';
  organizationId?: string;
  creatorId?: string;
}

/** An image close to the point. */
export interface CloseImage<T extends PointCandidate = PointCandidate> {
  image: T;
  /** Metres from the point. */
  distanceM: number;
}

/** An image that looks at the point. */
export interface LookingImage<T extends PointCandidate = PointCandidate> extends CloseImage<T> {
  /** Degrees between the image's compass angle and the bearing to the point (0 = straight at it). */
  offAxis: number;
}

/** Mean Earth radius (IUGG), in metres. */
export const EARTH_RADIUS_M = 6_371_008.8;
/** Defaults of the two queries, and the largest radius accepted. */
export const DEFAULT_RADIUS_M = 100;
export const DEFAULT_LOOK_ANGLE = 50;
export const MAX_RADIUS_M = 5_000;
/** An image nearer than this to the point has no meaningful bearing to it. */
const MIN_LOOK_DISTANCE_M = 1;

const rad = (deg: number): number => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial bearing from one point to another, degrees clockwise from north in [0, 360). */
export function bearingDegrees(
  fromLon: number,
  fromLat: number,
  toLon: number,
  toLat: number,
): number {
  const y = Math.sin(rad(toLon - fromLon)) * Math.cos(rad(toLat));
  const x =
    Math.cos(rad(fromLat)) * Math.sin(rad(toLat)) -
    Math.sin(rad(fromLat)) * Math.cos(rad(toLat)) * Math.cos(rad(toLon - fromLon));
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

/** The smaller angle between two directions, in [0, 180]. */
export function angleBetween(a: number, b: number): number {
  const d = Math.abs((((a - b) % 360) + 360) % 360);
  return d > 180 ? 360 - d : d;
}

/**
 * A bbox that holds every point within `radiusM` of the point, clamped to the world (a circle across
 * the antimeridian is cut at ±180°).
 */
export function bboxAround(lon: number, lat: number, radiusM: number): Bbox {
  const dLat = (radiusM / EARTH_RADIUS_M) * (180 / Math.PI);
  const cos = Math.cos(rad(Math.min(89.9, Math.abs(lat) + dLat)));
  const dLon = Math.min(180, dLat / Math.max(cos, 1e-6));
  return [
    Math.max(-180, lon - dLon),
    Math.max(-90, lat - dLat),
    Math.min(180, lon + dLon),
    Math.min(90, lat + dLat),
  ];
}

/**
 * The `[lon, lat]` of a point's coordinates (GeoJSON order; an altitude after them is ignored), or
 * undefined unless both are finite numbers with the longitude in -180..180 and the latitude in
 * -90..90.
 */
export function lonLatOf(coordinates: unknown): [number, number] | undefined {
  if (!Array.isArray(coordinates)) return undefined;
  const [lon, lat] = coordinates as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number') return undefined;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90)
    return undefined;
  return [lon, lat];
}

/** Why a point, radius or angle cannot be used, or undefined. */
export function pointQueryProblem(
  lon: number,
  lat: number,
  radiusM: number,
  angle = DEFAULT_LOOK_ANGLE,
): string | undefined {
  if (!lonLatOf([lon, lat])) {
    return 'the point must be LON,LAT with longitude -180..180 and latitude -90..90';
  }
  if (!(radiusM > 0) || radiusM > MAX_RADIUS_M)
    return `the radius must be more than 0 and at most ${MAX_RADIUS_M} m`;
  if (!(angle > 0) || angle > 180) return 'the angle must be more than 0 and at most 180 degrees';
  return undefined;
}

/** Whether an image passes the filters; a bound on an unknown value drops the image. */
export function passesFilters(image: PointCandidate, filters: PointQueryFilters = {}): boolean {
  const t = image.capturedAt;
  if (filters.fromMs !== undefined && (t === undefined || t === 0 || t < filters.fromMs))
    return false;
  if (filters.toMs !== undefined && (t === undefined || t === 0 || t >= filters.toMs)) return false;
  if (filters.pano === 'pano' && image.isPano !== true) return false;
  if (filters.pano === 'flat' && image.isPano !== false) return false;
  if (filters.organizationId !== undefined && image.organizationId !== filters.organizationId)
    return false;
  if (filters.creatorId !== undefined && image.creatorId !== filters.creatorId) return false;
  return true;
}

function byId(a: PointCandidate, b: PointCandidate): number {
  return a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function distinct<T extends PointCandidate>(candidates: Iterable<T>): T[] {
  const seen = new Map<string, T>();
  for (const c of candidates) if (!seen.has(c.id)) seen.set(c.id, c);
  return [...seen.values()];
}

/** The images within `radiusM` of the point that pass the filters, nearest first. */
export function rankCloseTo<T extends PointCandidate>(
  candidates: Iterable<T>,
  lon: number,
  lat: number,
  radiusM: number,
  filters?: PointQueryFilters,
): CloseImage<T>[] {
  const out: CloseImage<T>[] = [];
  for (const image of distinct(candidates)) {
    if (!passesFilters(image, filters)) continue;
    const distanceM = distanceMetres(lon, lat, image.lon, image.lat);
    if (distanceM <= radiusM) out.push({ image, distanceM });
  }
  return out.sort((a, b) => a.distanceM - b.distanceM || byId(a.image, b.image));
}

/**
 * The images within `radiusM` of the point whose compass angle points at it within ±`angle`
 * degrees, the most squarely facing first (then the nearest). Images without a compass angle, or
 * standing on the point, are left out.
 */
export function rankLookingAt<T extends PointCandidate>(
  candidates: Iterable<T>,
  lon: number,
  lat: number,
  radiusM: number,
  angle = DEFAULT_LOOK_ANGLE,
  filters?: PointQueryFilters,
): LookingImage<T>[] {
  const out: LookingImage<T>[] = [];
  for (const { image, distanceM } of rankCloseTo(candidates, lon, lat, radiusM, filters)) {
    const compass = image.compassAngle;
    if (compass === undefined || !Number.isFinite(compass) || distanceM < MIN_LOOK_DISTANCE_M)
      continue;
    const offAxis = angleBetween(bearingDegrees(image.lon, image.lat, lon, lat), compass);
    if (offAxis <= angle) out.push({ image, distanceM, offAxis });
  }
  return out.sort(
    (a, b) => a.offAxis - b.offAxis || a.distanceM - b.distanceM || byId(a.image, b.image),
  );
}
