// Turns dataset records into Graph API JSON, keeping only the requested fields (and id).
import {
  type Dataset,
  type Detection,
  type ImageRecord,
  type MapFeature,
  type Organization,
  type User,
} from './dataset';
import { detectionGeometry } from './detectionGeometry';
import { type FieldSelection } from './fieldSelection';
import { printG14 } from './replies';
import { type Thumbnails, thumbFields } from './thumbnails';

/** What rendering needs besides the record. */
export interface ViewContext {
  dataset: Dataset;
  /** Base of absolute URLs in responses (thumbnails, meshes). */
  baseUrl: string;
  thumbs: Thumbnails;
}

/** A field the node type does not have; the service answers code 100 naming it. */
export class UnknownFieldError extends Error {
  constructor(
    readonly field: string,
    readonly nodeType: string,
  ) {
    super(`Tried accessing nonexisting field (${field}) on node type (${nodeType})`);
  }
}

type Json = Record<string, unknown>;
type Getter<T> = (record: T, ctx: ViewContext, sub: FieldSelection | null) => unknown;

const noFields: FieldSelection = new Map();

const point = (lon: number, lat: number): Json => ({ type: 'Point', coordinates: [lon, lat] });

/** Epoch milliseconds as the service writes timestamps on features and detections. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

const imageFields: Record<string, Getter<ImageRecord>> = {
  altitude: (r) => r.altitude,
  atomic_scale: (r) => r.atomicScale,
  camera_parameters: (r) => r.cameraParameters,
  camera_type: (r) => r.cameraType,
  captured_at: (r) => r.capturedAt,
  compass_angle: (r) => r.compassAngle,
  computed_altitude: (r) => r.computedAltitude,
  computed_compass_angle: (r) => r.computedCompassAngle,
  computed_geometry: (r) =>
    r.computedLon === undefined || r.computedLat === undefined
      ? undefined
      : point(r.computedLon, r.computedLat),
  computed_rotation: (r) => r.computedRotation,
  creator: (r, ctx, sub) => {
    const e = ctx.dataset.byId.get(r.creatorId);
    return e?.kind === 'user'
      ? userView(e.value, sub ?? new Map([['username', null]]), ctx)
      : undefined;
  },
  exif_orientation: (r) => r.exifOrientation,
  geometry: (r) => point(r.lon, r.lat),
  height: (r) => r.height,
  width: (r) => r.width,
  is_pano: (r) => r.isPano,
  make: (r) => r.make,
  model: (r) => r.model,
  // A float literal in exponent form, 14 significant digits, as in every recorded image
  // (../shared/fixtures/real/graph/images/*.json: "merge_cc": 4.546427159383e+18).
  merge_cc: (r) => (r.mergeCc === undefined ? undefined : printG14(r.mergeCc)),
  mesh: (r, ctx) =>
    r.meshId === undefined
      ? undefined
      : { id: r.meshId, url: `${ctx.baseUrl}/assets/mesh/${r.meshId}` },
  quality_score: (r) => r.qualityScore,
  sequence: (r) => r.sequenceId,
  sfm_cluster: (r, ctx) =>
    r.sfmClusterId === undefined
      ? undefined
      : { id: r.sfmClusterId, url: `${ctx.baseUrl}/assets/sfm/${r.sfmClusterId}` },
  detections: (r, ctx, sub) => ({
    data: r.detectionIds.flatMap((id) => {
      const e = ctx.dataset.byId.get(id);
      return e?.kind === 'detection' ? [detectionView(e.value, sub ?? noFields, ctx)] : [];
    }),
  }),
  // `{id}` by default, nested fields on request (`organization.name`): mapillary-api.md, Entities,
  // "Image field organization ({id}, with nested organization.name etc.)". Absent for images that
  // belong to no organization, as any field can be.
  organization: (r, ctx, sub) => {
    const e = r.organizationId === undefined ? undefined : ctx.dataset.byId.get(r.organizationId);
    return e?.kind === 'organization' ? organizationView(e.value, sub ?? noFields, ctx) : undefined;
  },
};
for (const [field, size] of Object.entries(thumbFields)) {
  imageFields[field] = (r, ctx) => ctx.thumbs.url(ctx.baseUrl, r.id, size);
}

const featureFields: Record<string, Getter<MapFeature>> = {
  aligned_direction: (r) => r.alignedDirection,
  first_seen_at: (r) => isoTime(r.firstSeenAt),
  last_seen_at: (r) => isoTime(r.lastSeenAt),
  object_value: (r) => r.objectValue,
  object_type: (r) => r.objectType,
  geometry: (r) => point(r.lon, r.lat),
  images: (r, ctx, sub) => ({
    data: r.imageIds.flatMap((id) => {
      const e = ctx.dataset.byId.get(id);
      return e?.kind === 'image'
        ? [imageView(e.value, sub ?? new Map([['geometry', null]]), ctx)]
        : [];
    }),
  }),
};

const detectionFields: Record<string, Getter<Detection>> = {
  created_at: (r) => isoTime(r.createdAt),
  geometry: (r) => detectionGeometry(r.shape),
  image: (r, ctx, sub) => {
    const e = ctx.dataset.byId.get(r.imageId);
    return e?.kind === 'image'
      ? imageView(e.value, sub ?? new Map([['geometry', null]]), ctx)
      : undefined;
  },
  value: (r) => r.value,
};

const orgFields: Record<string, Getter<Organization>> = {
  slug: (r) => r.slug,
  name: (r) => r.name,
  description: (r) => r.description,
};

const userFields: Record<string, Getter<User>> = {
  username: (r) => r.username,
};

function render<T extends { id: string }>(
  record: T,
  fields: Record<string, Getter<T>>,
  nodeType: string,
  selection: FieldSelection,
  ctx: ViewContext,
): Json {
  const out: Json = {};
  for (const [name, sub] of selection) {
    if (name === 'id') {
      continue;
    }
    const getter = fields[name];
    if (!getter) {
      throw new UnknownFieldError(name, nodeType);
    }
    const value = getter(record, ctx, sub);
    if (value !== undefined) {
      out[name] = value;
    }
  }
  out.id = record.id;
  return out;
}

/** An image as JSON. */
export function imageView(r: ImageRecord, sel: FieldSelection, ctx: ViewContext): Json {
  return render(r, imageFields, 'Image', sel, ctx);
}

/** A map feature as JSON. */
export function mapFeatureView(r: MapFeature, sel: FieldSelection, ctx: ViewContext): Json {
  return render(r, featureFields, 'MapFeature', sel, ctx);
}

/** A detection as JSON. */
export function detectionView(r: Detection, sel: FieldSelection, ctx: ViewContext): Json {
  return render(r, detectionFields, 'Detection', sel, ctx);
}

/** An organization as JSON. */
export function organizationView(r: Organization, sel: FieldSelection, ctx: ViewContext): Json {
  return render(r, orgFields, 'Organization', sel, ctx);
}

/** A user as JSON. */
export function userView(r: User, sel: FieldSelection, ctx: ViewContext): Json {
  return render(r, userFields, 'User', sel, ctx);
}

/**
 * The fields each node type serves, for the trace check: every one must be a field the
 * documentation names (mapillary-api.md, Entities) or a recording holds.
 */
export function servedFields(): Record<string, string[]> {
  return {
    image: Object.keys(imageFields),
    mapFeature: Object.keys(featureFields),
    detection: Object.keys(detectionFields),
    organization: Object.keys(orgFields),
    user: Object.keys(userFields),
  };
}
