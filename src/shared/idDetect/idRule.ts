// The rule an id must pass before the detector offers it: the same rule as the project's shared
// rule for ids. Entities (images, map features) have decimal ids of 1 to 20 digits without a leading
// zero, at most 2^64 - 1 (the largest value the int64/uint64 encodings of the tiles hold); sequence
// keys are 1 to 64 characters of the base64url alphabet.

/** The kinds of id the detector finds. */
export type DetectedKind = 'image' | 'sequence' | 'mapFeature';

/** How each kind is named in hovers, links and messages. */
export const KIND_NAMES: Readonly<Record<DetectedKind, string>> = {
  image: 'image',
  sequence: 'sequence',
  mapFeature: 'map feature',
};

const ENTITY_ID = /^[1-9][0-9]{0,19}$/;
const UINT64_MAX = '18446744073709551615';
const SEQUENCE_KEY = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether `value` is an entity id (image or map feature). */
export function isEntityId(value: string): boolean {
  if (!ENTITY_ID.test(value)) return false;
  // Runs of digits of equal length compare as numbers when compared as text.
  return value.length < UINT64_MAX.length || value <= UINT64_MAX;
}

/** Whether `value` is a sequence key. */
export function isSequenceKey(value: string): boolean {
  return SEQUENCE_KEY.test(value);
}

/** Whether `value` is a well-formed id of `kind`. */
export function isIdOfKind(kind: DetectedKind, value: string): boolean {
  return kind === 'sequence' ? isSequenceKey(value) : isEntityId(value);
}

// Every v4 entity id seen (recordings, the official viewer, the emulator's model of them) has 15 to
// 17 digits and every sequence key 22 characters, while the numbers that share columns and keys named
// `image_id` elsewhere (COCO annotations, row numbers, counters) are short. Offering only ids past
// these floors keeps such numbers from being looked up.
const MIN_ENTITY_DIGITS = 10;
const MIN_SEQUENCE_KEY_LENGTH = 16;

/** Whether `value` is well formed for `kind` and long enough to be a real Mapillary id. */
export function isLikelyId(kind: DetectedKind, value: string): boolean {
  if (!isIdOfKind(kind, value)) return false;
  return value.length >= (kind === 'sequence' ? MIN_SEQUENCE_KEY_LENGTH : MIN_ENTITY_DIGITS);
}
