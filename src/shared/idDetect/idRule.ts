// The rule an id must pass before the detector offers it: the project's one rule for ids
// (src/shared/ids.ts), plus a floor on length that keeps short numbers from being looked up.
import { type IdKind, isId } from '../ids';

/** The kinds of id the detector finds. */
export type DetectedKind = Extract<IdKind, 'image' | 'sequence' | 'mapFeature'>;

/** How each kind is named in hovers, links and messages. */
export const KIND_NAMES: Readonly<Record<DetectedKind, string>> = {
  image: 'image',
  sequence: 'sequence',
  mapFeature: 'map feature',
};

// Every v4 entity id seen (recordings, the official viewer, the emulator's model of them) has 15 to
// 17 digits and every sequence key 22 characters, while the numbers that share columns and keys named
// `image_id` elsewhere (COCO annotations, row numbers, counters) are short. Offering only ids past
// these floors keeps such numbers from being looked up.
const MIN_ENTITY_DIGITS = 10;
const MIN_SEQUENCE_KEY_LENGTH = 16;

/** Whether `value` is well formed for `kind` and long enough to be a real Mapillary id. */
export function isLikelyId(kind: DetectedKind, value: string): boolean {
  if (!isId(kind, value)) return false;
  return value.length >= (kind === 'sequence' ? MIN_SEQUENCE_KEY_LENGTH : MIN_ENTITY_DIGITS);
}
