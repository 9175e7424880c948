// The records of the emulator's world, as the dataset builder makes them and the routes read them.
import { type LazyData, type SpatialIndex, type EntityLookup } from './lazyData';

/** How much data to build: `small` and `city` are built up front, `country` is generated lazily. */
export type DatasetSize = 'small' | 'city' | 'country';

/** The sizes built up front. */
export type BuiltSize = Exclude<DatasetSize, 'country'>;

/** An organization. */
export interface Organization {
  id: string;
  slug: string;
  name: string;
  description: string;
}

/** A user (an image creator). */
export interface User {
  id: string;
  username: string;
}

/** A sequence: images taken in one go by one camera. */
export interface Sequence {
  /** The sequence key, a 22-character lower-case string. */
  id: string;
  /** Its images in capture order. */
  imageIds: string[];
  creatorId: string;
  organizationId?: string;
  isPano: boolean;
}

/** One image, with every field the service can return; optional fields may be missing. */
export interface ImageRecord {
  id: string;
  sequenceId: string;
  /** Position in the sequence. */
  index: number;
  lon: number;
  lat: number;
  computedLon?: number;
  computedLat?: number;
  /** Milliseconds since the epoch; 0 on a few images, as the service sends. */
  capturedAt: number;
  compassAngle: number;
  computedCompassAngle?: number;
  altitude?: number;
  computedAltitude?: number;
  atomicScale?: number;
  cameraParameters?: number[];
  cameraType?: string;
  computedRotation?: number[];
  exifOrientation?: number;
  width: number;
  height: number;
  isPano: boolean;
  make?: string;
  model?: string;
  mergeCc?: number;
  meshId?: string;
  sfmClusterId?: string;
  qualityScore?: number;
  creatorId: string;
  organizationId?: string;
  detectionIds: string[];
}

/** The two kinds of map feature, as the service names them in `object_type`. */
export type MapFeatureType = 'trafficsign' | 'point';

/** A map feature: an object seen in several images and placed on the map. */
export interface MapFeature {
  id: string;
  objectType: MapFeatureType;
  objectValue: string;
  lon: number;
  lat: number;
  alignedDirection?: number;
  firstSeenAt: number;
  lastSeenAt: number;
  imageIds: string[];
  detectionIds: string[];
}

/** How a detection's outline is drawn; the MVT bytes are built from it on demand. */
export type DetectionShape =
  | { kind: 'rectangle'; x0: number; y0: number; x1: number; y1: number }
  | { kind: 'polygons'; seed: number; parts: number; hole: boolean };

/** A detection: one object outlined in one image. */
export interface Detection {
  id: string;
  imageId: string;
  mapFeatureId?: string;
  value: string;
  createdAt: number;
  shape: DetectionShape;
}

/** What an id names. */
export type Entity =
  | { kind: 'image'; value: ImageRecord }
  | { kind: 'sequence'; value: Sequence }
  | { kind: 'mapFeature'; value: MapFeature }
  | { kind: 'detection'; value: Detection }
  | { kind: 'organization'; value: Organization }
  | { kind: 'user'; value: User };

/** The whole world, with lookups and spatial indexes. */
export interface Dataset {
  seed: number;
  size: DatasetSize;
  /** Centre of the street grid [lon, lat]. */
  center: [number, number];
  organizations: Organization[];
  users: User[];
  sequences: Sequence[];
  images: ImageRecord[];
  mapFeatures: MapFeature[];
  detections: Detection[];
  /** Every entity by id (sequences by key). */
  byId: EntityLookup;
  usersByName: { get(username: string): User | undefined };
  /** Images by original position. */
  imageIndex: SpatialIndex<ImageRecord>;
  /** Images by computed position (images without one are absent). */
  computedIndex: SpatialIndex<ImageRecord>;
  featureIndex: SpatialIndex<MapFeature>;
  /** The street grid the sequences follow (pictures are drawn from it); absent for other worlds. */
  grid?: { nodes: number; block: number };
  /** Milliseconds it took to build. */
  buildMs: number;
  /**
   * Set for a dataset generated on demand: its tiles and images come from here, and the arrays
   * above (`sequences`, `images`, `mapFeatures`, `detections`) are empty.
   */
  lazy?: LazyData;
}
