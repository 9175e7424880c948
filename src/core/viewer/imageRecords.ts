// The viewer's image records on the host: every image field MapillaryJS reads, read from the Graph
// API in batches of 50 (`api.getMany`) and kept, so that stepping through a sequence costs one call
// per 50 images. A request for a few images is filled up to a whole batch with what will be asked
// next: the following images of the same sequence (with their detections, which ride along as
// nested fields) when the viewer steps, the nearest images of the map cells it loaded when it
// looks for spatial neighbours. Concurrent requests for one image share its read; a signed picture
// URL that expired is refreshed for the whole batch it came with, in one call.
import { type MapillaryApi, type Image } from '../api/mapillaryApi';
import { isId } from '../../shared/ids';
import {
  type DetectionOutline,
  MAX_DETECTION_GEOMETRY,
  MAX_DETECTION_VALUE,
  MAX_DETECTIONS,
} from '../../shared/map/detectionOutline';
import { type ViewerImage } from '../../shared/viewer/viewerImage';
import { shapeViewerImage } from '../../shared/viewer/viewerImageShape';
import { setNewest } from '../../shared/boundedMap';

/** Ids per Graph call. */
export const BATCH_SIZE = 50;
/** Records kept (the least recently used go first). */
const MAX_RECORDS = 4000;
/** Sequences whose order is kept. */
const MAX_SEQUENCES = 64;
/** Neighbour candidates kept for spatial read-ahead. */
const MAX_NEIGHBOURS = 4000;

/** The image fields the viewer reads: what MapillaryJS uses, and the picture URLs (host only). */
export const VIEWER_IMAGE_FIELDS = [
  'id',
  'geometry',
  'computed_geometry',
  'sequence',
  'camera_type',
  'camera_parameters',
  'width',
  'height',
  'captured_at',
  'creator',
  'organization',
  'exif_orientation',
  'merge_cc',
  'atomic_scale',
  'altitude',
  'computed_altitude',
  'compass_angle',
  'computed_compass_angle',
  'computed_rotation',
  'is_pano',
  'quality_score',
  'thumb_256_url',
  'thumb_1024_url',
  'thumb_2048_url',
  'thumb_original_url',
] as const;

/** Detections as nested fields of the same read (api.md, Entities: "Nested fields work"). */
export const VIEWER_DETECTION_FIELDS = [
  'detections.id',
  'detections.value',
  'detections.geometry',
] as const;

/** An image as the host keeps it for the viewer. */
export interface ImageRecord {
  entity: Image;
  /** What the viewer is sent; undefined when the image cannot be shown (`problem` says why). */
  image: ViewerImage | undefined;
  problem?: string;
  /** Its detections, once read (with a full read, or on their own). */
  detections?: { outlines: DetectionOutline[]; omitted: number };
  /** The ids read in the same call: their URLs expire together. */
  readWith: readonly string[];
}

/** How much of an image a read asks for. */
export type ReadDetail = 'full' | 'spatial';

/** Where the store reads from, and what it reports. */
export interface RecordStoreOptions {
  api(): Promise<MapillaryApi>;
  /** Told of each Graph call the store makes (for the log and the figures). */
  onRead?: (what: string, ids: number) => void;
}

/** Detections as the viewer takes them, from a nested `detections` connection or a list. */
export function detectionOutlines(items: readonly unknown[]): {
  outlines: DetectionOutline[];
  omitted: number;
} {
  const outlines: DetectionOutline[] = [];
  let omitted = 0;
  for (const raw of items) {
    const d = raw as { id?: unknown; value?: unknown; geometry?: unknown };
    const ok =
      typeof d.id === 'string' &&
      isId('detection', d.id) &&
      typeof d.value === 'string' &&
      d.value.length <= MAX_DETECTION_VALUE &&
      typeof d.geometry === 'string' &&
      d.geometry.length <= MAX_DETECTION_GEOMETRY &&
      /^[A-Za-z0-9+/=_-]*$/.test(d.geometry);
    if (!ok || outlines.length >= MAX_DETECTIONS) omitted++;
    else
      outlines.push({
        id: d.id as string,
        value: d.value as string,
        geometry: d.geometry as string,
      });
  }
  return { outlines, omitted };
}

/** The viewer's image records (see the file comment). */
export class ImageRecordStore {
  private readonly records = new Map<string, ImageRecord>();
  private readonly reading = new Map<string, Promise<void>>();
  private readonly sequences = new Map<string, string[]>();
  private readonly neighbours = new Map<string, [number, number]>();
  private readonly stopped = new AbortController();
  private focus: [number, number] | undefined;

  constructor(private readonly options: RecordStoreOptions) {}

  /** The records of `ids` that could be read, reading what is missing (see the file comment). */
  async get(ids: readonly string[], detail: ReadDetail): Promise<Map<string, ImageRecord>> {
    const wanted = [...new Set(ids)].filter((id) => isId('image', id));
    const missing = wanted.filter((id) => !this.hasRecord(id, detail) && !this.reading.has(id));
    if (missing.length) await this.read(this.fillUp(missing, detail), detail);
    await Promise.all(wanted.map((id) => this.reading.get(id) ?? Promise.resolve()));
    const out = new Map<string, ImageRecord>();
    for (const id of wanted) {
      const record = this.records.get(id);
      if (record) out.set(id, record);
    }
    const first = out.get(wanted[0] ?? '')?.image;
    if (first && detail === 'full') this.focus = [first.lon, first.lat];
    return out;
  }

  /** The record of one image, if read. */
  peek(id: string): ImageRecord | undefined {
    return this.records.get(id);
  }

  /** A sequence's image ids in capture order (one call per sequence, then kept). */
  async sequence(sequenceId: string): Promise<string[]> {
    const known = this.sequences.get(sequenceId);
    if (known) return known;
    const api = await this.options.api();
    this.options.onRead?.('image_ids', 1);
    const ids = (await api.getImageIds(sequenceId, { signal: this.stopped.signal })).filter((id) =>
      isId('image', id),
    );
    setNewest(this.sequences, sequenceId, ids, MAX_SEQUENCES);
    return ids;
  }

  /** An image's detections: from its full read, else one call of its own. */
  async detections(id: string): Promise<{ outlines: DetectionOutline[]; omitted: number }> {
    const record = (await this.get([id], 'full')).get(id);
    if (!record) throw new Error(`image ${id} could not be read`);
    if (record.detections) return record.detections;
    const api = await this.options.api();
    this.options.onRead?.('detections', 1);
    const list = await api.getDetections(id, ['id', 'value', 'geometry'], {
      signal: this.stopped.signal,
    });
    record.detections = detectionOutlines(list);
    return record.detections;
  }

  /** Reads the image again with the ones it was read with (their signed URLs expired). */
  async refresh(id: string): Promise<ImageRecord | undefined> {
    const record = this.records.get(id);
    const batch = record?.readWith.length ? record.readWith : [id];
    const detail: ReadDetail = record?.detections ? 'full' : 'spatial';
    await this.read(batch.slice(0, BATCH_SIZE), detail);
    return this.records.get(id);
  }

  /** Images the viewer's map cells hold, candidates for the spatial read-ahead. */
  noteNeighbours(images: readonly { id: string; lon: number; lat: number }[]): void {
    for (const image of images) {
      setNewest(this.neighbours, image.id, [image.lon, image.lat], MAX_NEIGHBOURS);
    }
  }

  /** Stops every read in flight (the panel closed). */
  dispose(): void {
    this.stopped.abort();
  }

  private hasRecord(id: string, detail: ReadDetail): boolean {
    const record = this.records.get(id);
    return record !== undefined && (detail === 'spatial' || record.detections !== undefined);
  }

  /** The missing ids, filled up to a batch with what will be asked next. */
  private fillUp(missing: string[], detail: ReadDetail): string[] {
    const batch = new Set(missing);
    const room = (): boolean => batch.size % BATCH_SIZE !== 0;
    const take = (id: string): void => {
      if (room() && !this.hasRecord(id, detail) && !this.reading.has(id)) batch.add(id);
    };
    if (detail === 'full') {
      for (const id of missing) {
        const order = this.sequenceHolding(id);
        if (!order) continue;
        const at = order.indexOf(id);
        for (let k = at + 1; k < order.length && room(); k++) take(order[k] ?? '');
        for (let k = at - 1; k >= 0 && room(); k--) take(order[k] ?? '');
      }
    } else if (this.focus) {
      const [lon0, lat0] = this.focus;
      const near = [...this.neighbours].sort(
        ([, a], [, b]) =>
          Math.hypot(a[0] - lon0, a[1] - lat0) - Math.hypot(b[0] - lon0, b[1] - lat0),
      );
      for (const [id] of near) {
        if (!room()) break;
        take(id);
      }
    }
    return [...batch];
  }

  private sequenceHolding(id: string): string[] | undefined {
    for (const order of this.sequences.values()) if (order.includes(id)) return order;
    return undefined;
  }

  private read(ids: string[], detail: ReadDetail): Promise<void> {
    const fields: string[] = [...VIEWER_IMAGE_FIELDS];
    if (detail === 'full') fields.push(...VIEWER_DETECTION_FIELDS);
    const done = (async () => {
      const api = await this.options.api();
      for (let i = 0; i < ids.length; i += BATCH_SIZE) {
        this.options.onRead?.(`images (${detail})`, Math.min(BATCH_SIZE, ids.length - i));
      }
      const result = await api.getMany(ids, fields, undefined, {
        signal: this.stopped.signal,
        batchSize: BATCH_SIZE,
      });
      for (let i = 0; i < ids.length; i += BATCH_SIZE) {
        const batch = ids.slice(i, i + BATCH_SIZE);
        for (const id of batch) {
          const entity = result.found.get(id);
          if (entity) this.keep(id, entity, detail, batch);
        }
      }
    })();
    const shared = done.finally(() => {
      for (const id of ids) if (this.reading.get(id) === shared) this.reading.delete(id);
    });
    for (const id of ids) this.reading.set(id, shared);
    return shared;
  }

  private keep(id: string, entity: Image, detail: ReadDetail, batch: readonly string[]): void {
    const shaped = shapeViewerImage(id, entity);
    const record: ImageRecord = {
      entity,
      image: shaped.ok ? shaped.image : undefined,
      readWith: batch,
      ...(shaped.ok ? {} : { problem: shaped.reason }),
    };
    const before = this.records.get(id);
    if (detail === 'full') {
      const nested = (entity as { detections?: { data?: unknown[] } }).detections?.data;
      record.detections = detectionOutlines(nested ?? []);
    } else if (before?.detections) {
      record.detections = before.detections;
    }
    setNewest(this.records, id, record, MAX_RECORDS);
  }
}
