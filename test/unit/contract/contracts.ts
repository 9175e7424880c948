// The contract both the real service (as recorded) and the emulator must honour: field names, value
// types, id formats, literal spellings, and error bodies that the client maps to the same kinds.
// Each check runs on one raw answer; `shape` lets the suite compare the two sources' answers.
import { strict as assert } from 'node:assert';
import { decodeDetectionGeometry } from '../../../src/shared/detections/detectionGeometry';
import {
  collectionSchema,
  detectionSchema,
  imageIdsSchema,
  imageSchema,
  mapFeatureSchema,
} from '../../../src/shared/api/entities';
import { ALL_IMAGE_FIELDS } from '../../../src/shared/api/fields';
import {
  type GraphErrorKind,
  classifyGraphError,
  parseGraphErrorBody,
} from '../../../src/shared/api/graphError';
import { parseJsonKeepingIds } from '../../../src/shared/api/safeJson';
import { decodeTile } from '../../../src/shared/tiles/boundedDecoder';
import { type DecodedTile } from '../../../src/shared/tiles/decodedTile';
import { featureProperties } from '../../../src/shared/tiles/featureProperties';
import { type RawAnswer } from './serviceSources';

type Json = Record<string, unknown>;

/** Entity ids: decimal digits in a string (some exceed 2^53). */
export const ENTITY_ID = /^\d{1,20}$/;
/**
 * Sequence keys: 22 characters of the base64url alphabet. The Graph recordings show lower case
 * (`7nfcwfvjdtphz7yj6zat6a`); the recorded tiles also mixed case, `_` and `-`
 * (`eDOx9qGXZ4gzkyYhB6PNBg`, `21TlRBg5Vc4lsvUwR_KL-A`).
 */
export const SEQUENCE_KEY = /^[A-Za-z0-9_-]{22}$/;
/** Feature and detection times: `2021-05-20T20:30:46+0000`. */
export const SERVICE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/;
/** merge_cc on the wire: a float literal in exponent form, at most 14 significant digits. */
export const MERGE_CC_LITERAL = /"merge_cc":\s*(\d\.\d{1,13}e\+\d{2})[,\s}]/;

/** A value's shape: its JSON type, and for objects the shapes of their keys. */
export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? ['array', shape(value[0])] : ['array'];
  if (value !== null && typeof value === 'object') {
    const out: Json = {};
    for (const key of Object.keys(value).sort()) out[key] = shape((value as Json)[key]);
    return out;
  }
  return typeof value;
}

/** The answer's JSON, refusing anything but a JSON object. */
export function objectOf(answer: RawAnswer): Json {
  const value = JSON.parse(answer.text) as unknown;
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), 'an object');
  const json = value as Json;
  delete json.comment; // the recorder's own note on one file, not the service's
  return json;
}

function assertPoint(value: unknown, what: string): void {
  const point = value as { type?: unknown; coordinates?: unknown };
  assert.equal(point.type, 'Point', `${what}.type`);
  assert.ok(Array.isArray(point.coordinates) && point.coordinates.length === 2, what);
  const [lon, lat] = point.coordinates as unknown[];
  assert.ok(typeof lon === 'number' && lon >= -180 && lon <= 180, `${what} longitude`);
  assert.ok(typeof lat === 'number' && lat >= -90 && lat <= 90, `${what} latitude`);
}

function assertNumbers(value: unknown, what: string): void {
  assert.ok(Array.isArray(value) && value.every((n) => typeof n === 'number'), what);
}

function assertRef(value: unknown, what: string): void {
  const ref = value as Json;
  assert.match(String(ref.id), ENTITY_ID, `${what}.id`);
  assert.equal(typeof ref.id, 'string', `${what}.id is a string`);
}

/** An image entity: documented fields only, each of its type, ids as strings, merge_cc literal. */
export function checkImage(answer: RawAnswer, image: Json = objectOf(answer)): void {
  const documented = new Set<string>([...ALL_IMAGE_FIELDS, 'detections']);
  for (const key of Object.keys(image)) assert.ok(documented.has(key), `documented field ${key}`);
  assert.match(String(image.id), ENTITY_ID);
  assert.equal(typeof image.id, 'string', 'the image id is a string');
  assert.match(String(image.sequence), SEQUENCE_KEY, 'sequence');
  assert.ok(Number.isInteger(image.captured_at) && (image.captured_at as number) >= 0);
  for (const key of ['width', 'height', 'exif_orientation']) {
    assert.ok(Number.isInteger(image[key]), `${key} is an integer`);
  }
  for (const key of ['altitude', 'computed_altitude', 'compass_angle', 'computed_compass_angle']) {
    assert.equal(typeof image[key], 'number', key);
  }
  for (const key of ['atomic_scale', 'quality_score']) assert.equal(typeof image[key], 'number');
  assertPoint(image.geometry, 'geometry');
  assertPoint(image.computed_geometry, 'computed_geometry');
  assertNumbers(image.camera_parameters, 'camera_parameters');
  assertNumbers(image.computed_rotation, 'computed_rotation');
  assert.equal(typeof image.camera_type, 'string');
  for (const key of ['mesh', 'sfm_cluster']) {
    assertRef(image[key], key);
    assert.equal(typeof (image[key] as Json).url, 'string', `${key}.url`);
  }
  for (const key of ['thumb_256_url', 'thumb_1024_url', 'thumb_2048_url', 'thumb_original_url']) {
    assert.equal(typeof image[key], 'string', key);
  }
  const detections = (image.detections as { data?: unknown }).data;
  assert.ok(Array.isArray(detections), 'detections.data');
  for (const d of detections) assertRef(d, 'detections.data[]');
  // merge_cc as written on the wire, and as the client keeps it: the literal, not a rounded integer.
  const literal = MERGE_CC_LITERAL.exec(answer.text)?.[1];
  assert.ok(literal, 'merge_cc is a float literal in exponent form');
  const parsed = parseJsonKeepingIds(answer.text) as Json;
  const entity = (Array.isArray(parsed.data) ? parsed.data[0] : parsed) as Json;
  const client = imageSchema.parse(entity);
  assert.equal(client.merge_cc, literal, 'the client keeps the literal as sent');
  for (const key of Object.keys(image)) {
    assert.notEqual((client as Json)[key], undefined, `the client keeps ${key}`);
  }
}

/** The batch form `/images?image_ids=`: `{"data":[image…]}`, each item an image. */
export function checkImageBatch(answer: RawAnswer): Json {
  const body = objectOf(answer);
  assert.deepEqual(Object.keys(body), ['data']);
  const items = body.data as Json[];
  assert.ok(Array.isArray(items) && items.length === 1);
  const item = items[0] as Json;
  checkImage(answer, item);
  const parsed = collectionSchema(imageSchema).parse(parseJsonKeepingIds(answer.text));
  assert.equal(parsed.rejected, 0);
  assert.equal(parsed.data[0]?.id, item.id);
  return item;
}

/** A map feature: documented fields, the service's time format and `trafficsign` spelling. */
export function checkMapFeature(answer: RawAnswer): Json {
  const feature = objectOf(answer);
  const documented = new Set([
    'id',
    'aligned_direction',
    'first_seen_at',
    'last_seen_at',
    'object_value',
    'object_type',
    'geometry',
    'images',
  ]);
  for (const key of Object.keys(feature)) assert.ok(documented.has(key), `documented ${key}`);
  assert.match(String(feature.id), ENTITY_ID);
  assert.match(String(feature.first_seen_at), SERVICE_TIME);
  assert.match(String(feature.last_seen_at), SERVICE_TIME);
  assert.equal(feature.object_type, 'trafficsign');
  assert.match(String(feature.object_value), /^[a-z0-9-]+(--[a-z0-9-]+)+$/);
  assertPoint(feature.geometry, 'geometry');
  const images = (feature.images as { data?: unknown }).data;
  assert.ok(Array.isArray(images) && images.length > 0);
  for (const image of images) {
    assertRef(image, 'images.data[]');
    assertPoint((image as Json).geometry, 'images.data[].geometry');
  }
  const client = mapFeatureSchema.parse(parseJsonKeepingIds(answer.text));
  assert.equal(client.id, feature.id);
  assert.equal(client.images?.data.length, images.length);
  return feature;
}

/** `/<image>/detections`: `{data:[…]}`, each a detection with a decodable `mpy-or` geometry. */
export function checkDetections(answer: RawAnswer): Json[] {
  const body = objectOf(answer);
  assert.deepEqual(Object.keys(body), ['data']);
  const items = body.data as Json[];
  assert.ok(Array.isArray(items) && items.length > 0);
  for (const d of items) {
    assert.deepEqual(Object.keys(d).sort(), ['created_at', 'geometry', 'id', 'image', 'value']);
    assert.match(String(d.id), ENTITY_ID);
    assert.match(String(d.created_at), SERVICE_TIME);
    assert.match(String(d.value), /^[a-z0-9-]+(--[a-z0-9-]+)+$/);
    assertRef(d.image, 'image');
    assertPoint((d.image as Json).geometry, 'image.geometry');
    const geometry = decodeDetectionGeometry(String(d.geometry));
    assert.ok(geometry.ok, `the geometry decodes: ${geometry.ok ? '' : geometry.error.reason}`);
    assert.equal(geometry.value.layer, 'mpy-or');
    assert.equal(geometry.value.extent, 4096);
    assert.ok(geometry.value.features.some((f) => f.polygons.length > 0));
  }
  const client = collectionSchema(detectionSchema).parse(parseJsonKeepingIds(answer.text));
  assert.equal(client.rejected, 0);
  return items;
}

/** `/image_ids?sequence_id=`: `{data:[{id}…]}`, ids as strings. */
export function checkImageIds(answer: RawAnswer): Json {
  const body = objectOf(answer);
  assert.deepEqual(Object.keys(body), ['data']);
  const items = body.data as Json[];
  assert.ok(Array.isArray(items) && items.length > 0);
  for (const item of items) {
    assert.deepEqual(Object.keys(item), ['id']);
    assert.equal(typeof item.id, 'string');
    assert.match(String(item.id), ENTITY_ID);
  }
  assert.deepEqual(
    imageIdsSchema.parse(parseJsonKeepingIds(answer.text)),
    items.map((i) => i.id),
  );
  return body;
}

/** A Graph error body: the documented keys, and the kind the client makes of it. */
export function checkError(answer: RawAnswer, kind: GraphErrorKind): Json {
  const body = objectOf(answer);
  assert.deepEqual(Object.keys(body), ['error']);
  const error = body.error as Json;
  const allowed = new Set([
    'message',
    'type',
    'code',
    'error_subcode',
    'error_data',
    'is_transient',
    'fbtrace_id',
  ]);
  for (const key of Object.keys(error)) assert.ok(allowed.has(key), `documented key ${key}`);
  for (const key of ['message', 'type', 'code', 'fbtrace_id']) assert.ok(key in error, key);
  assert.equal(typeof error.code, 'number');
  assert.match(String(error.fbtrace_id), /^[A-Za-z0-9_-]{10,40}$/);
  const parsed = parseGraphErrorBody(body);
  assert.ok(parsed);
  // The code decides, whatever the status (the recordings keep none): 400 stands for "some 4xx".
  assert.equal(classifyGraphError(answer.status ?? 400, parsed), kind);
  assert.equal(classifyGraphError(400, parsed), kind);
  return error;
}

/** A z14 coverage tile: MVT 2, extent 4096, `sequence` lines and `image` points. */
export function checkCoverageTile(bytes: Uint8Array): DecodedTile {
  const decoded = decodeTile(bytes);
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.error.reason);
  const layers = new Map(decoded.value.layers.map((l) => [l.name, l]));
  assert.deepEqual([...layers.keys()].sort(), ['image', 'sequence']);
  for (const layer of layers.values()) {
    assert.equal(layer.version, 2);
    assert.equal(layer.extent, 4096);
    assert.ok(layer.features.length > 0);
  }
  assert.ok(
    layers.get('sequence')?.features.every((f) => f.type === 2),
    'sequence: lines',
  );
  assert.ok(
    layers.get('image')?.features.every((f) => f.type === 1),
    'image: points',
  );
  const sequence = layers.get('sequence');
  assert.ok(sequence);
  for (const feature of sequence.features.slice(0, 50)) {
    assert.match(String(featureProperties(sequence, feature).id), SEQUENCE_KEY);
  }
  return decoded.value;
}

/** The property keys of each layer of a tile. */
export function propertyKeys(tile: DecodedTile): Map<string, Set<string>> {
  return new Map(tile.layers.map((layer) => [layer.name, new Set(layer.keys)]));
}
