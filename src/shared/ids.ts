// Mapillary's ids: one rule for each kind, used by every side that takes an id from outside (the
// message schemas, the map, the tree, the input files of exports, the command line, the API client).
// An id that one of them accepts is accepted by all of them, and an id goes into a URL path or a
// file name only after it passed the rule of its kind.
//
// Why these rules:
// - Entities (images, organizations, creators, map features, detections) have decimal integer ids.
//   The Graph API sends them as strings, because some exceed 2^53 and would lose digits as a
//   double; the vector tiles carry them as int64 properties (`id` of the `image` layer, and
//   `organization_id`, `creator_id`) or as the uint64 feature id of the map feature sets. The
//   largest value either encoding holds is 2^64 - 1 = 18446744073709551615, 20 digits. So an id is
//   1 to 20 digits, without a leading zero (the service never writes one, and "0123" would name
//   another object than "123"), and at most that value. A longer run of digits cannot come from
//   either encoding: it is a double printed in full or in exponent form ("1e+21"), and asking the
//   service for it would only waste a request, or let the map offer what the exporter refuses.
// - Sequence keys are strings, not numbers: today 22 characters of [a-z0-9]
//   (`7nfcwfvjdtphz7yj6zat6a`), and in older sequences still served in the tiles 22 characters of
//   the base64url alphabet (`QztYSJSr-EanBuImZ1ClSw`, `j19caZWCY30A3_q-TCmB3g`). The rule is that
//   alphabet, 1 to 64 characters: no `.`, `/`, `%`, `?` or space, so a key can neither change the
//   endpoint it is put into nor leave the folder it names.
import * as z from 'zod/mini';

/** The kinds of Mapillary id. */
export type IdKind = 'image' | 'sequence' | 'organization' | 'creator' | 'mapFeature' | 'detection';

/** Every kind, for tests and for messages that list them. */
export const ID_KINDS: readonly IdKind[] = [
  'image',
  'sequence',
  'organization',
  'creator',
  'mapFeature',
  'detection',
];

/** How each kind is named in messages. */
export const ID_NAMES: Readonly<Record<IdKind, string>> = {
  image: 'image id',
  sequence: 'sequence key',
  organization: 'organization id',
  creator: 'creator id',
  mapFeature: 'map feature id',
  detection: 'detection id',
};

const ENTITY_ID = /^[1-9][0-9]{0,19}$/;
const UINT64_MAX = '18446744073709551615';
const SEQUENCE_KEY = /^[A-Za-z0-9_-]{1,64}$/;

/** Longest id of any kind, for bounding text before it is checked or shown. */
export const MAX_ID_LENGTH = 64;

/** Whether `value` is an entity id (image, organization, creator, map feature or detection). */
export function isEntityId(value: string): boolean {
  if (!ENTITY_ID.test(value)) return false;
  // Equal lengths of digits compare as numbers when compared as text.
  return value.length < UINT64_MAX.length || value <= UINT64_MAX;
}

/** Whether `value` is a sequence key. */
export function isSequenceKey(value: string): boolean {
  return SEQUENCE_KEY.test(value);
}

/** Whether `value` is a well-formed id of `kind`. */
export function isId(kind: IdKind, value: string): boolean {
  return kind === 'sequence' ? isSequenceKey(value) : isEntityId(value);
}

/** Why `value` is not an id of `kind`, in words for the person who typed it; undefined when it is. */
export function idProblem(kind: IdKind, value: string): string | undefined {
  if (isId(kind, value)) return undefined;
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  const rule =
    kind === 'sequence'
      ? 'letters, digits, "-" and "_", at most 64'
      : 'digits only, at most 20, not starting with 0';
  return `"${shown}" is not a valid Mapillary ${ID_NAMES[kind]} (${rule}).`;
}

/**
 * A zod schema of a string that is an id of `kind`. Built with zod's small build, which the
 * decoding worker loads too; the full build's schemas take it as a part like any other.
 */
export function idSchema(kind: IdKind): z.ZodMiniType<string> {
  return z.string().check(
    z.maxLength(MAX_ID_LENGTH),
    z.refine((value) => isId(kind, value), { message: `not a ${ID_NAMES[kind]}` }),
  );
}

/** An image id, as the message schemas take it. */
export const imageIdSchema = idSchema('image');
/** A sequence key, as the message schemas take it. */
export const sequenceKeySchema = idSchema('sequence');
/** A detection id, as the message schemas take it. */
export const detectionIdSchema = idSchema('detection');
/** An organization id, or empty for none (a filter that keeps every organization). */
export const optionalOrganizationIdSchema = z.union([z.literal(''), idSchema('organization')]);
/** A creator id, or empty for none (a filter that keeps every creator). */
export const optionalCreatorIdSchema = z.union([z.literal(''), idSchema('creator')]);
