// Which column, key and variable names say "this holds a Mapillary id", and of which kind. Names are
// compared normalised (lower case, letters and digits only), so `img_id`, `imgId`, `Image ID` and
// `image-id` are one name. Two names are too common to trust alone: `id` counts only beside fields
// that only Mapillary data has (`captured_at`, `compass_angle`, `thumb_256_url`, … for images;
// `object_value`, `first_seen_at`, … for map features), and `sequence` only beside image fields.
import { type DetectedKind } from './idRule';

/** What a name means: the kind of id it holds, and whether it holds a list of them. */
export interface NameMeaning {
  kind: DetectedKind;
  /** A plural name (`image_ids`): its value is a list. */
  plural: boolean;
}

/** What the fields around a name say the record is. */
export type RecordContext = 'image' | 'mapFeature' | undefined;

const DIRECT: ReadonlyMap<string, DetectedKind> = new Map<string, DetectedKind>([
  ['imgid', 'image'],
  ['imageid', 'image'],
  ['imgkey', 'image'],
  ['imagekey', 'image'],
  ['pkey', 'image'],
  ['seqid', 'sequence'],
  ['sequenceid', 'sequence'],
  ['seqkey', 'sequence'],
  ['sequencekey', 'sequence'],
  ['mapfeatureid', 'mapFeature'],
  ['mapfeaturekey', 'mapFeature'],
]);

// Names that say "Mapillary" outright, so the rest of the name may be short: `mapillary_id`.
const PREFIXES = ['mapillary', 'mly'];
const PREFIXED_ALONE: ReadonlyMap<string, DetectedKind> = new Map<string, DetectedKind>([
  ['id', 'image'],
  ['key', 'image'],
]);

const IMAGE_CONTEXT = new Set([
  'capturedat',
  'compassangle',
  'computedcompassangle',
  'computedgeometry',
  'computedaltitude',
  'computedrotation',
  'thumb256url',
  'thumb1024url',
  'thumb2048url',
  'thumboriginalurl',
  'ispano',
  'cameratype',
  'cameraparameters',
  'atomicscale',
  'exiforientation',
  'mergecc',
  'qualityscore',
  'sfmcluster',
  'creatorusername',
  'seqid',
  'sequenceid',
  'imgid',
  'imageid',
]);

const FEATURE_CONTEXT = new Set([
  'objectvalue',
  'objecttype',
  'firstseenat',
  'lastseenat',
  'aligneddirection',
  'mapfeatureid',
]);

/** `Image ID` → `imageid`: lower case, letters and digits only. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function direct(name: string): DetectedKind | undefined {
  const kind = DIRECT.get(name);
  if (kind) return kind;
  for (const prefix of PREFIXES) {
    if (name.startsWith(prefix) && name.length > prefix.length) {
      const rest = name.slice(prefix.length);
      return DIRECT.get(rest) ?? PREFIXED_ALONE.get(rest);
    }
  }
  return undefined;
}

/** The meaning of a name that needs no context (`img_id`, `sequence_keys`), or undefined. */
export function explicitMeaning(rawName: string): NameMeaning | undefined {
  const name = normaliseName(rawName);
  const single = direct(name);
  if (single) return { kind: single, plural: false };
  if (name.endsWith('s')) {
    const plural = direct(name.slice(0, -1));
    if (plural) return { kind: plural, plural: true };
  }
  return undefined;
}

/** What the names of a record's fields say it is: an image, a map feature, or unknown. */
export function recordContext(names: Iterable<string>): RecordContext {
  let image = false;
  let feature = false;
  for (const raw of names) {
    const name = normaliseName(raw);
    if (IMAGE_CONTEXT.has(name)) image = true;
    if (FEATURE_CONTEXT.has(name)) feature = true;
  }
  if (image === feature) return undefined;
  return image ? 'image' : 'mapFeature';
}

/** The meaning of a name inside a record with the given context, or undefined. */
export function meaningIn(rawName: string, context: RecordContext): NameMeaning | undefined {
  const explicit = explicitMeaning(rawName);
  if (explicit) return explicit;
  const name = normaliseName(rawName);
  if (name === 'id' && context) return { kind: context, plural: false };
  if (name === 'sequence' && context === 'image') return { kind: 'sequence', plural: false };
  return undefined;
}
