// What the detector reports: an id, its kind, where it is in the text, and what made it likely.
import { type DetectedKind } from './idRule';

/** Why the detector believes the text is an id. */
export type DetectedVia =
  /** A cell of a CSV/TSV column whose header names an id. */
  | 'column'
  /** The value of a JSON key that names an id. */
  | 'key'
  /** A mapillary.com link (the range covers the whole link). */
  | 'link'
  /** A `pKey=` / `image_key=` style parameter outside a link. */
  | 'parameter'
  /** The value given to a variable or field named like an id (`image_id = "…"`). */
  | 'identifier';

/** One id found in a text. */
export interface DetectedId {
  kind: DetectedKind;
  id: string;
  /** Offset of the first character of the range (UTF-16 code units, as editors count). */
  start: number;
  /** Offset just past the range. */
  end: number;
  via: DetectedVia;
}

/** Bounds on what one detection may cost. */
export interface DetectLimits {
  /** Texts longer than this (in characters) are not scanned at all (default 8 MB). */
  maxTextLength: number;
  /** Detection stops after this many ids (default 200,000). */
  maxIds: number;
}

/** The default {@link DetectLimits}. */
export const DEFAULT_DETECT_LIMITS: DetectLimits = {
  maxTextLength: 8 * 1024 * 1024,
  maxIds: 200_000,
};
