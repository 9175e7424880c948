// The viewer's image records on the host: every image field MapillaryJS reads, with the image's
// detections as nested fields, read from the Graph API in batches of 100 (`api.getMany`) and kept.
// A request for a few images is filled up to a whole batch with what will be asked next
// (readAhead.ts plans it): the following images of the same sequence and the images of other
// sequences near them, which MapillaryJS asks for to find its spatial neighbours. Every read asks
// for the same fields, so an image read as a neighbour is never read again when the viewer moves
// to it. When the host knows an image's sequence before the viewer asks (a map click, a tree
// item), the sequence's order is read first, so that the first read already carries the images
// that follow. Concurrent requests for one image share its read; a signed picture URL that
// expired is refreshed for the whole batch it came with, in one call.
import { type MapillaryApi, type Image } from '../api/mapillaryApi';
import { isId } from '../../shared/ids';
import { type DetectionOutline } from '../../shared/map/detectionOutline';
import { type ViewerImage } from '../../shared/viewer/viewerImage';
import { shapeViewerImage } from '../../shared/viewer/viewerImageShape';
import { setNewest } from '../../shared/boundedMap';
import { type LonLat, placeOf, planRead } from './readAhead';
import { detectionOutlines, VIEWER_DETECTION_FIELDS, VIEWER_IMAGE_FIELDS } from './viewerFields';

/** Ids per Graph call (api.md: "clients batch 50 to 100"). */
export const BATCH_SIZE = 100;
/** Records kept (the least recently used go first). */
const MAX_RECORDS = 4000;
/** Sequences whose order is kept. */
const MAX_SEQUENCES = 64;
/** Neighbour candidates kept for spatial read-ahead. */
const MAX_NEIGHBOURS = 4000;
/** Sequence hints kept (image id → sequence id). */
const MAX_HINTS = 256;

/** An image as the host keeps it for the viewer. */
export interface ImageRecord {
  entity: Image;
  /** What the viewer is sent; undefined when the image cannot be shown (`problem` says why). */
  image: ViewerImage | undefined;
  problem?: string;
  /** Its detections (nested fields of the same read). */
  detections: { outlines: DetectionOutline[]; omitted: number };
  /** The ids read in the same call: their URLs expire together. */
  readWith: readonly string[];
}

/** Why the viewer asks: the image it moves to (`full`), or a neighbour of it (`spatial`). */
export type ReadDetail = 'full' | 'spatial';

/** Where the store reads from, and what it reports. */
export interface RecordStoreOptions {
  api(): Promise<MapillaryApi>;
  /** Told of each Graph call the store makes (for the log and the figures). */
  onRead?: (what: string, ids: number) => void;
  /**
   * The images in a box, from the coverage tiles (no Graph call): after each read, the store looks
   * up the images around the ones it read, so that the next read carries their neighbours.
   */
  imagesIn?: (bbox: [number, number, number, number]) => Promise<readonly NeighbourImage[]>;
}

/** An image of a map cell: where it is, for the read-ahead. */
export interface NeighbourImage {
  id: string;
  lon: number;
  lat: number;
  computedLon?: number;
  computedLat?: number;
}

/** The largest box, in degrees, looked up around a read (about one z14 tile). */
const MAX_LOOKUP_DEGREES = 0.02;

/** The viewer's image records (see the file comment). */
export class ImageRecordStore {
  private readonly records = new Map<string, ImageRecord>();
  private readonly reading = new Map<string, Promise<void>>();
  private readonly sequences = new Map<string, string[]>();
  private readonly sequenceReads = new Map<string, Promise<string[]>>();
  private readonly hints = new Map<string, string>();
  private readonly neighbours = new Map<string, LonLat>();
  private readonly stopped = new AbortController();
  private focus: string | undefined;
  /** The lookup of neighbours around the last read, while it runs. */
  private lookup: Promise<void> = Promise.resolve();

  constructor(private readonly options: RecordStoreOptions) {}

  /**
   * The records of `ids` that could be read, reading what is missing (see the file comment). With
   * `full`, the first id is the image the viewer moves to: the read-ahead follows it.
   */
  async get(ids: readonly string[], detail: ReadDetail): Promise<Map<string, ImageRecord>> {
    const wanted = [...new Set(ids)].filter((id) => isId('image', id));
    if (detail === 'full' && wanted[0] !== undefined) this.focus = wanted[0];
    const missing = wanted.filter((id) => this.unread(id));
    if (missing.length) {
      await Promise.all([this.learnSequences(missing), this.lookup]);
      const still = missing.filter((id) => this.unread(id));
      if (still.length) await this.read(planRead(still, this.planState(), BATCH_SIZE));
    }
    await Promise.all(wanted.map((id) => this.reading.get(id) ?? Promise.resolve()));
    const out = new Map<string, ImageRecord>();
    for (const id of wanted) {
      const record = this.records.get(id);
      if (record) out.set(id, record);
    }
    return out;
  }

  /** The record of one image, if read. */
  peek(id: string): ImageRecord | undefined {
    return this.records.get(id);
  }

  /**
   * Says that `imageId` belongs to `sequenceId` (a map click or a tree item knows it), so that
   * the first read of the image already carries the images that follow it.
   */
  expectSequence(imageId: string, sequenceId: string): void {
    if (isId('image', imageId) && sequenceId.length > 0 && sequenceId.length <= 128) {
      setNewest(this.hints, imageId, sequenceId, MAX_HINTS);
    }
  }

  /** A sequence's image ids in capture order (one call per sequence, shared and kept). */
  sequence(sequenceId: string): Promise<string[]> {
    const known = this.sequences.get(sequenceId);
    if (known) return Promise.resolve(known);
    let running = this.sequenceReads.get(sequenceId);
    if (!running) {
      running = (async () => {
        const api = await this.options.api();
        this.options.onRead?.('image_ids', 1);
        const ids = (await api.getImageIds(sequenceId, { signal: this.stopped.signal })).filter(
          (id) => isId('image', id),
        );
        setNewest(this.sequences, sequenceId, ids, MAX_SEQUENCES);
        return ids;
      })().finally(() => this.sequenceReads.delete(sequenceId));
      this.sequenceReads.set(sequenceId, running);
    }
    return running;
  }

  /** An image's detections, which came with its read. */
  async detections(id: string): Promise<{ outlines: DetectionOutline[]; omitted: number }> {
    const record = (await this.get([id], 'full')).get(id);
    if (!record) throw new Error(`image ${id} could not be read`);
    return record.detections;
  }

  /** Reads the image again with the ones it was read with (their signed URLs expired). */
  async refresh(id: string): Promise<ImageRecord | undefined> {
    const record = this.records.get(id);
    const batch = record?.readWith.length ? record.readWith : [id];
    await this.read(batch.slice(0, BATCH_SIZE));
    return this.records.get(id);
  }

  /** Images the viewer's map cells hold, candidates for the read-ahead (where MapillaryJS puts them). */
  noteNeighbours(images: readonly NeighbourImage[]): void {
    for (const image of images) {
      setNewest(this.neighbours, image.id, placeOf(image), MAX_NEIGHBOURS);
    }
  }

  /** Stops every read in flight (the panel closed). */
  dispose(): void {
    this.stopped.abort();
  }

  private unread(id: string): boolean {
    return !this.records.has(id) && !this.reading.has(id);
  }

  /** Reads the order of the sequences hinted for `missing`; a failure costs only the read-ahead. */
  private async learnSequences(missing: readonly string[]): Promise<void> {
    const wanted = new Set<string>();
    for (const id of missing) {
      const sequenceId = this.hints.get(id);
      if (sequenceId !== undefined && !this.sequences.has(sequenceId)) wanted.add(sequenceId);
    }
    await Promise.all([...wanted].map((s) => this.sequence(s).catch(() => undefined)));
  }

  private planState() {
    return {
      unread: (id: string) => isId('image', id) && this.unread(id),
      sequenceHolding: (id: string) => this.sequenceHolding(id),
      position: (id: string): LonLat | undefined => {
        const image = this.records.get(id)?.image;
        return image ? placeOf(image) : this.neighbours.get(id);
      },
      neighbours: () => this.neighbours.entries(),
      focus: () => this.focus,
    };
  }

  private sequenceHolding(id: string): string[] | undefined {
    const hinted = this.hints.get(id);
    const order = hinted === undefined ? undefined : this.sequences.get(hinted);
    if (order?.includes(id)) return order;
    const sequenceId = this.records.get(id)?.image?.sequenceId;
    const own = sequenceId === undefined ? undefined : this.sequences.get(sequenceId);
    if (own?.includes(id)) return own;
    for (const known of this.sequences.values()) if (known.includes(id)) return known;
    return undefined;
  }

  private read(ids: string[]): Promise<void> {
    const fields: string[] = [...VIEWER_IMAGE_FIELDS, ...VIEWER_DETECTION_FIELDS];
    const done = (async () => {
      const api = await this.options.api();
      for (let i = 0; i < ids.length; i += BATCH_SIZE) {
        this.options.onRead?.('images', Math.min(BATCH_SIZE, ids.length - i));
      }
      const result = await api.getMany(ids, fields, undefined, {
        signal: this.stopped.signal,
        batchSize: BATCH_SIZE,
      });
      for (let i = 0; i < ids.length; i += BATCH_SIZE) {
        const batch = ids.slice(i, i + BATCH_SIZE);
        for (const id of batch) {
          const entity = result.found.get(id);
          if (entity) this.keep(id, entity, batch);
        }
      }
      this.lookup = this.lookUpAround(ids);
    })();
    const shared = done.finally(() => {
      for (const id of ids) if (this.reading.get(id) === shared) this.reading.delete(id);
    });
    for (const id of ids) this.reading.set(id, shared);
    return shared;
  }

  /** Notes the map cells' images around the images just read (see `imagesIn`); never fails. */
  private async lookUpAround(ids: readonly string[]): Promise<void> {
    const imagesIn = this.options.imagesIn;
    const images = ids.map((id) => this.records.get(id)?.image).filter((i) => i !== undefined);
    if (!imagesIn || !images.length) return;
    const places = images.map(placeOf);
    const lons = places.map(([lon]) => lon);
    const lats = places.map(([, lat]) => lat);
    const pad = 0.0005;
    const box: [number, number, number, number] = [
      Math.min(...lons) - pad,
      Math.min(...lats) - pad,
      Math.max(...lons) + pad,
      Math.max(...lats) + pad,
    ];
    if (box[2] - box[0] > MAX_LOOKUP_DEGREES || box[3] - box[1] > MAX_LOOKUP_DEGREES) return;
    try {
      this.noteNeighbours(await imagesIn(box));
    } catch {
      // Only the read-ahead is poorer: the viewer asks for what it needs.
    }
  }

  private keep(id: string, entity: Image, batch: readonly string[]): void {
    const shaped = shapeViewerImage(id, entity);
    const nested = (entity as { detections?: { data?: unknown[] } }).detections?.data;
    const record: ImageRecord = {
      entity,
      image: shaped.ok ? shaped.image : undefined,
      readWith: batch,
      detections: detectionOutlines(nested ?? []),
      ...(shaped.ok ? {} : { problem: shaped.reason }),
    };
    setNewest(this.records, id, record, MAX_RECORDS);
  }
}
