// What a hover says about an id, as plain data: the core fills it from the service, the extension
// renders it. It carries no URL from the service: a thumbnail is bytes made into a `data:` URI, so a
// signed URL can never reach the hover.
import { type DetectedKind } from './idRule';

/** The facts about an image a hover shows. */
export interface ImageFacts {
  id: string;
  /** Capture time in milliseconds since the epoch; 0 or undefined when unknown. */
  capturedAt?: number;
  creator?: string;
  sequenceId?: string;
  isPano?: boolean;
  /** `[longitude, latitude]`, computed position preferred. */
  position?: [number, number];
  /** Detections counted by value, most frequent first. */
  detections?: { total: number; byValue: [string, number][] };
}

/** The facts about a sequence a hover shows. */
export interface SequenceFacts {
  id: string;
  imageCount: number;
  /** The sequence's first image, when it could be read. */
  firstImage?: ImageFacts;
}

/** The facts about a map feature a hover shows. */
export interface MapFeatureFacts {
  id: string;
  value?: string;
  type?: string;
  firstSeenAt?: number;
  lastSeenAt?: number;
  position?: [number, number];
}

/** A picture ready to show: a `data:` URI and its size in pixels. */
export interface InlinePicture {
  dataUri: string;
  width: number;
  height: number;
}

/** The outcome of describing one id. */
export type IdDescription =
  | {
      status: 'found';
      kind: 'image';
      id: string;
      image: ImageFacts;
      thumbnail?: InlinePicture;
      /** Why there is no thumbnail, when there is none. */
      thumbnailNote?: string;
    }
  | {
      status: 'found';
      kind: 'sequence';
      id: string;
      sequence: SequenceFacts;
      thumbnail?: InlinePicture;
      thumbnailNote?: string;
    }
  | { status: 'found'; kind: 'mapFeature'; id: string; feature: MapFeatureFacts }
  | { status: 'missing'; kind: DetectedKind; id: string }
  /** The lookup failed; `message` says why and what to do, without a token or URL. */
  | { status: 'error'; kind: DetectedKind; id: string; message: string };
