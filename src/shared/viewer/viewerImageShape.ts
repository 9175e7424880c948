// Turns a Graph image entity into what the viewer takes (viewerImage.ts), with the choices
// MapillaryJS's own Graph provider makes: the service's camera names mapped onto the three it draws
// ("equirectangular" is a sphere, the undocumented "brown" a perspective camera), `merge_cc` as the
// reconstruction's id. Fields the service left out get the defaults the library copes with, and an
// image without a position or a sequence cannot be shown at all.
import { type ImageEntity } from '../api/entities';
import { lonLatOf } from '../geo/pointQueries';
import { isId } from '../ids';
import { type CameraType, type ViewerImage } from './viewerImage';

/** Focal length (relative to the longer side) assumed for a camera that did not report one. */
export const DEFAULT_FOCAL = 0.85;

/** The camera MapillaryJS draws for a `camera_type` of the service. */
export function cameraTypeOf(value: string | undefined, isPano: boolean | undefined): CameraType {
  switch (value) {
    case 'equirectangular':
    case 'spherical':
      return 'spherical';
    case 'fisheye':
      return 'fisheye';
    case undefined:
      return isPano ? 'spherical' : 'perspective';
    default:
      return 'perspective';
  }
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

function angle(n: unknown): number | undefined {
  if (!finite(n)) return undefined;
  // Kept exactly as sent when in range: wrapping adds floating-point noise.
  return n >= 0 && n < 360 ? n : ((n % 360) + 360) % 360;
}

function lonLat(point: { coordinates: number[] } | undefined): [number, number] | undefined {
  return lonLatOf(point?.coordinates);
}

function size(n: unknown): number | undefined {
  return finite(n) && n >= 1 && n <= 100_000 ? Math.round(n) : undefined;
}

/** Why an entity cannot be shown, or the image; `id` is the id it was asked for. */
export function shapeViewerImage(
  id: string,
  entity: ImageEntity,
): { ok: true; image: ViewerImage } | { ok: false; reason: string } {
  const position = lonLat(entity.geometry) ?? lonLat(entity.computed_geometry);
  if (!position) return { ok: false, reason: 'it has no position' };
  const sequenceId = entity.sequence;
  if (!sequenceId || !isId('sequence', sequenceId)) {
    return { ok: false, reason: 'it belongs to no sequence' };
  }
  const cameraType = cameraTypeOf(entity.camera_type, entity.is_pano);
  const spherical = cameraType === 'spherical';
  const width = size(entity.width) ?? (spherical ? 4096 : 4000);
  const height = size(entity.height) ?? (spherical ? 2048 : 3000);
  const params = (entity.camera_parameters ?? []).filter(finite).slice(0, 8);
  // A perspective or fisheye camera is drawn from its focal length; without one it gets a typical
  // phone camera's. A sphere has no parameters.
  const cameraParameters = spherical ? [] : params.length ? params : [DEFAULT_FOCAL, 0, 0];
  const computed = lonLat(entity.computed_geometry);
  const rotation = entity.computed_rotation;
  const orientation = entity.exif_orientation;
  const image: ViewerImage = {
    id,
    sequenceId,
    lon: position[0],
    lat: position[1],
    cameraType,
    cameraParameters,
    width,
    height,
    exifOrientation:
      finite(orientation) && Number.isInteger(orientation) && orientation >= 1 && orientation <= 8
        ? orientation
        : 1,
    capturedAt: finite(entity.captured_at) ? entity.captured_at : 0,
    isPano: entity.is_pano ?? spherical,
  };
  if (computed) [image.computedLon, image.computedLat] = computed;
  if (finite(entity.altitude)) image.altitude = entity.altitude;
  if (finite(entity.computed_altitude)) image.computedAltitude = entity.computed_altitude;
  const compass = angle(entity.compass_angle);
  if (compass !== undefined) image.compassAngle = compass;
  const computedCompass = angle(entity.computed_compass_angle);
  if (computedCompass !== undefined) image.computedCompassAngle = computedCompass;
  if (rotation?.length === 3 && rotation.every(finite)) {
    image.computedRotation = [rotation[0] ?? 0, rotation[1] ?? 0, rotation[2] ?? 0];
  }
  if (finite(entity.atomic_scale)) image.atomicScale = entity.atomic_scale;
  if (entity.merge_cc && entity.merge_cc.length <= 40) image.mergeId = entity.merge_cc;
  const creator = entity.creator;
  if (creator?.id && creator.id.length <= 64) image.creatorId = creator.id;
  if (creator?.username) image.creatorName = creator.username.slice(0, 200);
  const organization = entity.organization?.id;
  if (organization && organization.length <= 64) image.organizationId = organization;
  if (finite(entity.quality_score)) image.qualityScore = entity.quality_score;
  return { ok: true, image };
}
