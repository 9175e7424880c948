// Schemas for the entities Mapillary's Graph API returns. The service omits fields freely, invents
// enum values the documentation never lists ("brown" cameras, "trafficsign" features), sends 0 for
// unknown capture times and adds fields without notice, so every field is optional and a field of
// the wrong type is dropped rather than failing the whole entity. Ids stay strings: some exceed
// 2^53 and would be corrupted by a round trip through a JavaScript number.
import { z } from 'zod';

/** Makes a field optional and tolerant: missing, null or mistyped values become `undefined`. */
export function lenient<T extends z.ZodType>(schema: T) {
  return schema.optional().catch(undefined);
}

/**
 * An id as the service sends it. Strings are kept exactly as given, including the float literals
 * that `parseJsonKeepingIds` keeps as text (`merge_cc` arrives as `4.546427159383e+18`). A number
 * that got here anyway becomes text without inventing digits: a safe integer in decimal, anything
 * larger in the shortest exponent form that names the same double (`4.546427159383e+18`, never
 * `4546427159383000064`).
 */
export const idSchema = z.union([
  z.string().min(1),
  z
    .number()
    .refine((n) => Number.isFinite(n))
    .transform((n) => (Number.isSafeInteger(n) ? String(n) : n.toExponential())),
]);

/** A timestamp in milliseconds since the epoch; numeric strings are accepted. 0 means unknown. */
export const epochMsSchema = z.union([
  z.number().refine((n) => Number.isFinite(n)),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

/** A GeoJSON point, `[longitude, latitude]` (and sometimes altitude). */
export const pointSchema = z.looseObject({
  type: lenient(z.string()),
  coordinates: z.array(z.number()).min(2),
});

/** `{ id, username }` as in `creator`. */
export const userRefSchema = z.looseObject({
  id: lenient(idSchema),
  username: lenient(z.string()),
});

/** `{ id, … }` as in the image field `organization`; its other fields only when asked for. */
export const organizationRefSchema = z.looseObject({
  id: lenient(idSchema),
  slug: lenient(z.string()),
  name: lenient(z.string()),
  description: lenient(z.string()),
});

/** `{ id, url }` as in `mesh` and `sfm_cluster`. */
export const assetRefSchema = z.looseObject({
  id: lenient(idSchema),
  url: lenient(z.string()),
});

/** `{ data: [{ id, … }] }` as nested connections (`detections`, `images`) come. */
function connection<T extends z.ZodType>(item: T) {
  return z.looseObject({ data: z.array(z.unknown()).transform((items) => keepValid(item, items)) });
}

/** Parses each element on its own and keeps the ones that pass. */
function keepValid<T extends z.ZodType>(item: T, items: unknown[]): z.infer<T>[] {
  const out: z.infer<T>[] = [];
  for (const raw of items) {
    const parsed = item.safeParse(raw);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/** An image entity (`/<image_id>?fields=…`). */
export const imageSchema = z.looseObject({
  id: lenient(idSchema),
  altitude: lenient(z.number()),
  atomic_scale: lenient(z.number()),
  camera_parameters: lenient(z.array(z.number())),
  camera_type: lenient(z.string()),
  captured_at: lenient(epochMsSchema),
  compass_angle: lenient(z.number()),
  computed_altitude: lenient(z.number()),
  computed_compass_angle: lenient(z.number()),
  computed_geometry: lenient(pointSchema),
  computed_rotation: lenient(z.array(z.number())),
  creator: lenient(userRefSchema),
  exif_orientation: lenient(z.number()),
  geometry: lenient(pointSchema),
  height: lenient(z.number()),
  width: lenient(z.number()),
  is_pano: lenient(z.boolean()),
  make: lenient(z.string()),
  model: lenient(z.string()),
  merge_cc: lenient(idSchema),
  organization: lenient(organizationRefSchema),
  mesh: lenient(assetRefSchema),
  quality_score: lenient(z.number()),
  sequence: lenient(idSchema),
  sfm_cluster: lenient(assetRefSchema),
  thumb_256_url: lenient(z.string()),
  thumb_1024_url: lenient(z.string()),
  thumb_2048_url: lenient(z.string()),
  thumb_original_url: lenient(z.string()),
  detections: lenient(connection(z.looseObject({ id: idSchema, value: lenient(z.string()) }))),
});
/** An image as parsed; every field may be missing. */
export type ImageEntity = z.infer<typeof imageSchema>;

/** A map feature entity (`/<map_feature_id>?fields=…`). */
export const mapFeatureSchema = z.looseObject({
  id: lenient(idSchema),
  aligned_direction: lenient(z.number()),
  first_seen_at: lenient(z.union([z.string(), z.number()])),
  last_seen_at: lenient(z.union([z.string(), z.number()])),
  object_value: lenient(z.string()),
  object_type: lenient(z.string()),
  geometry: lenient(pointSchema),
  images: lenient(connection(z.looseObject({ id: idSchema, geometry: lenient(pointSchema) }))),
});
/** A map feature as parsed; every field may be missing. */
export type MapFeatureEntity = z.infer<typeof mapFeatureSchema>;

/** A detection (`/<id>/detections`, `/detections?bbox=`). `geometry` is a base64 MVT. */
export const detectionSchema = z.looseObject({
  id: lenient(idSchema),
  created_at: lenient(z.union([z.string(), z.number()])),
  geometry: lenient(z.string()),
  value: lenient(z.string()),
  image: lenient(z.looseObject({ id: lenient(idSchema), geometry: lenient(pointSchema) })),
});
/** A detection as parsed; every field may be missing. */
export type DetectionEntity = z.infer<typeof detectionSchema>;

/** An organization (`/<org_id>?fields=slug,name,description`). */
export const organizationSchema = z.looseObject({
  id: lenient(idSchema),
  slug: lenient(z.string()),
  name: lenient(z.string()),
  description: lenient(z.string()),
});
/** An organization as parsed. */
export type OrganizationEntity = z.infer<typeof organizationSchema>;

/** A user (`/<user_id>?fields=username`). */
export const userSchema = z.looseObject({
  id: lenient(idSchema),
  username: lenient(z.string()),
});
/** A user as parsed. */
export type UserEntity = z.infer<typeof userSchema>;

/** The signed-in user (`/me?fields=id,username`); the id is required to know who signed in. */
export const meSchema = z.looseObject({
  id: idSchema,
  username: lenient(z.string()),
});
/** The signed-in user as parsed. */
export type MeEntity = z.infer<typeof meSchema>;

/** `paging` on collection responses; `next` is an absolute URL that carries the token. */
export const pagingSchema = z.looseObject({
  cursors: lenient(z.looseObject({ before: lenient(z.string()), after: lenient(z.string()) })),
  next: lenient(z.string()),
  previous: lenient(z.string()),
});
/** Paging information as parsed. */
export type Paging = z.infer<typeof pagingSchema>;

/**
 * A collection page `{ data: [...], paging? }`. Items are parsed one by one: an item that fails its
 * schema is counted in `rejected`, not allowed to fail the page.
 */
export function collectionSchema<T extends z.ZodType>(item: T) {
  return cached(collectionSchemas, item, () =>
    z
      .looseObject({ data: z.array(z.unknown()), paging: lenient(pagingSchema) })
      .transform((page) => {
        const data = keepValid(item, page.data);
        return { data, paging: page.paging, rejected: page.data.length - data.length };
      }),
  );
}

// A schema is built once per item schema: zod compiles each object schema on its first use, which
// costs more than the validation itself when a new schema is built for every request.
const collectionSchemas = new WeakMap<z.ZodType, z.ZodType>();
const idKeyedSchemas = new WeakMap<z.ZodType, z.ZodType>();

function cached<S>(cache: WeakMap<z.ZodType, z.ZodType>, item: z.ZodType, build: () => S): S {
  let schema = cache.get(item) as S | undefined;
  if (!schema) {
    schema = build();
    cache.set(item, schema as z.ZodType);
  }
  return schema;
}
/** A parsed collection page. */
export interface CollectionPage<T> {
  data: T[];
  paging: Paging | undefined;
  /** How many raw items failed the item schema and were left out. */
  rejected: number;
}

/** `/image_ids?sequence_id=` → `{ data: [{ id }] }`, in capture order, never paged. */
const imageIdSchema = z.looseObject({ id: idSchema });
export const imageIdsSchema = z
  .looseObject({ data: z.array(z.unknown()) })
  .transform((r) => keepValid(imageIdSchema, r.data).map((x) => x.id));

/**
 * `/?ids=a,b&fields=…` → an object keyed by id. Values that fail `item` are reported in `rejected`
 * by id; keys are kept as strings exactly as sent.
 */
export function idKeyedSchema<T extends z.ZodType>(item: T) {
  return cached(idKeyedSchemas, item, () =>
    z.record(z.string(), z.unknown()).transform((record) => {
      const found = new Map<string, z.infer<T>>();
      const rejected: string[] = [];
      for (const [key, raw] of Object.entries(record)) {
        const parsed = item.safeParse(raw);
        if (parsed.success) found.set(key, parsed.data);
        else rejected.push(key);
      }
      return { found, rejected };
    }),
  );
}
