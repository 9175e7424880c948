// The viewer's image records on the host: every image field MapillaryJS reads, with the image's
// detections as nested fields, read from the Graph API in batches of 100 (`api.getMany`) and kept.
// A request for a few images is filled up to a whole batch with what will be asked next
// (readAhead.ts plans it): the following images of the same sequence and the images of other
// sequences near them, which MapillaryJS asks for to find its spatial neighbours. Every read asks
// for the same fields, so an image read as a neighbour is never read again when the viewer moves
// to it. When the host knows an image's sequence before the viewer asks (a map click, a tree
// item), the sequence's order is read first, so that the first read already carries the images
// that follow. Where the map cells already say where the images are, one area search
// (`/images?bbox=`, planned by areaPlan.ts) takes the place of the reads by id: it brings the
// images that follow and every image near them in one call. Concurrent requests for one image
// share its read; a signed picture URL that expired is refreshed for the batch it came with.
import { type MapillaryApi, type Image } from '../api/mapillaryApi';
import { lonLatOf } from '../../shared/geo/pointQueries';
import { isId } from '../../shared/ids';
import { type DetectionOutline } from '../../shared/map/detectionOutline';
import { type ViewerImage } from '../../shared/viewer/viewerImage';
import { shapeViewerImage } from '../../shared/viewer/viewerImageShape';
import { setNewest } from '../../shared/boundedMap';
import { CellPlaces, type CellImagePlace, type ImagesIn } from './cellPlaces';
import { type AreaPlan, planArea } from './areaPlan';
import { RECORD_FIELDS, searchArea } from './areaSearch';
import { type LonLat, placeOf, planRead } from './readAhead';
import { SequenceOrders } from './sequenceOrders';
import { detectionOutlines } from './viewerFields';

/** Ids per Graph call (api.md: "clients batch 50 to 100"). */
export const BATCH_SIZE = 100;
/** Records kept (the least recently used go first). */
const MAX_RECORDS = 4000;
/**
 * The most images the map cells may put in the box of one area search (about 2 to 5 kB each with
 * their detections), halved each time the service cuts an answer off or refuses it as too large;
 * below the least, areas are no longer searched.
 */
const AREA_MAX_IMAGES = 800;
const AREA_LEAST_IMAGES = 50;
/** The most images one area read walks along sequences. */
const AREA_MAX_STRETCH = 400;
/** Sequence hints kept (image id → sequence id). */
const MAX_HINTS = 256;
/** Ids the service did not know, kept so that they are not asked for again and again. */
const MAX_ABSENT = 1000;

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
   * The images in a box, from the coverage tiles (no Graph call): the store looks up the tiles
   * around a clicked place and around where each read ended, so that the next read can reach
   * further (cellPlaces.ts).
   */
  imagesIn?: ImagesIn;
}

/** The viewer's image records (see the file comment). */
export class ImageRecordStore {
  private readonly records = new Map<string, ImageRecord>();
  private readonly reading = new Map<string, Promise<void>>();
  private readonly absent = new Map<string, true>();
  private readonly hints = new Map<string, { sequenceId: string; near?: LonLat }>();
  private readonly stopped = new AbortController();
  private readonly places: CellPlaces;
  private readonly orders: SequenceOrders;
  private focus: string | undefined;
  private areaMaxImages = AREA_MAX_IMAGES;

  constructor(private readonly options: RecordStoreOptions) {
    this.places = new CellPlaces(options.imagesIn);
    this.orders = new SequenceOrders(() => options.api(), this.stopped.signal, options.onRead);
  }

  /**
   * The records of `ids` that could be read, reading what is missing (see the file comment). With
   * `full`, the first id is the image the viewer moves to: the read-ahead follows it.
   */
  async get(ids: readonly string[], detail: ReadDetail): Promise<Map<string, ImageRecord>> {
    const wanted = [...new Set(ids)].filter((id) => isId('image', id));
    if (detail === 'full' && wanted[0] !== undefined) this.focus = wanted[0];
    await this.readMissing(wanted);
    // An area read that another request started may not have brought all it was expected to.
    if (wanted.some((id) => this.unread(id))) await this.readMissing(wanted);
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
   * Says that `imageId` belongs to `sequenceId` (a map click or a tree item knows it), and
   * perhaps that it is `near` a place (where the map was clicked), so that the first read of the
   * image already carries the images that follow it and, with the place, the images near them.
   */
  expectSequence(imageId: string, sequenceId: string, near?: LonLat): void {
    if (!isId('image', imageId) || sequenceId.length === 0 || sequenceId.length > 128) return;
    const place = lonLatOf(near);
    setNewest(this.hints, imageId, { sequenceId, ...(place ? { near: place } : {}) }, MAX_HINTS);
  }

  /** A sequence's image ids in capture order (one call per sequence, shared and kept). */
  sequence(sequenceId: string): Promise<string[]> {
    return this.orders.read(sequenceId);
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

  /** Images the viewer's map cells hold, candidates for the read-ahead. */
  noteNeighbours(images: readonly CellImagePlace[]): void {
    this.places.note(images);
  }

  /** Stops every read in flight (the panel closed). */
  dispose(): void {
    this.stopped.abort();
  }

  private unread(id: string): boolean {
    return !this.records.has(id) && !this.reading.has(id) && !this.absent.has(id);
  }

  /** Reads what of `wanted` is neither read nor being read, then waits for all of it. */
  private async readMissing(wanted: readonly string[]): Promise<void> {
    const missing = wanted.filter((id) => this.unread(id));
    if (missing.length) {
      await Promise.all([this.learnSequences(missing), this.places.settled()]);
      const still = missing.filter((id) => this.unread(id));
      const limits = { maxImages: this.areaMaxImages, maxStretch: AREA_MAX_STRETCH };
      const area =
        still.length && limits.maxImages ? planArea(still, this.state(), limits) : undefined;
      if (area) await this.readArea(area, still);
      else if (still.length) await this.read(planRead(still, this.state(), BATCH_SIZE));
    }
    await Promise.all(wanted.map((id) => this.reading.get(id) ?? Promise.resolve()));
  }

  /**
   * Reads the order of the sequences hinted for `missing`, and looks up the map cells around the
   * places hinted for them; a failure costs only the read-ahead.
   */
  private async learnSequences(missing: readonly string[]): Promise<void> {
    const wanted = new Set<string>();
    const places: LonLat[] = [];
    for (const id of missing) {
      const hint = this.hints.get(id);
      if (hint && !this.orders.has(hint.sequenceId)) wanted.add(hint.sequenceId);
      if (hint?.near && !this.places.get(id)) places.push(hint.near);
    }
    await Promise.all([
      ...[...wanted].map((s) => this.orders.read(s).catch(() => undefined)),
      this.places.lookUp(places),
    ]);
  }

  /** What the read-ahead plans with. */
  private state() {
    return {
      unread: (id: string) => isId('image', id) && this.unread(id),
      sequenceHolding: (id: string) =>
        this.orders.holding(
          id,
          this.hints.get(id)?.sequenceId,
          this.records.get(id)?.image?.sequenceId,
        ),
      position: (id: string): LonLat | undefined => {
        const image = this.records.get(id)?.image;
        return image ? placeOf(image) : this.places.get(id);
      },
      neighbours: () => this.places.entries(),
      focus: () => this.focus,
    };
  }

  /** Reads `ids` by id, in batches of {@link BATCH_SIZE}. */
  private read(ids: string[]): Promise<void> {
    return this.reserve(ids, async () => {
      const api = await this.options.api();
      for (let i = 0; i < ids.length; i += BATCH_SIZE) {
        this.options.onRead?.('images', Math.min(BATCH_SIZE, ids.length - i));
      }
      const result = await api.getMany(ids, RECORD_FIELDS, undefined, {
        signal: this.stopped.signal,
        batchSize: BATCH_SIZE,
      });
      for (let i = 0; i < ids.length; i += BATCH_SIZE) {
        const batch = ids.slice(i, i + BATCH_SIZE);
        for (const id of batch) {
          const entity = result.found.get(id);
          if (entity) this.keep(id, entity, batch);
          else setNewest(this.absent, id, true, MAX_ABSENT);
        }
      }
      // The tiles around where the batch starts and ends: where the next read goes on.
      const read = ids.map((id) => this.records.get(id)?.image).filter((i) => i !== undefined);
      const ends = [read[0], read[read.length - 1]].filter((i) => i !== undefined);
      void this.places.lookUp(ends.map(placeOf));
    });
  }

  /**
   * Reads every image in the plan's box with one search (areaSearch.ts). What it did not bring of
   * the images asked for is read by id, with what follows them.
   */
  private readArea(plan: AreaPlan, asked: readonly string[]): Promise<void> {
    return this.reserve(plan.expected, async (release) => {
      const answer = await searchArea(await this.options.api(), plan.bbox, this.stopped.signal);
      this.options.onRead?.('images in an area', answer.images.length);
      if (answer.trouble === 'refused') this.areaMaxImages = 0;
      if (answer.trouble === 'smaller') {
        const half = Math.floor(this.areaMaxImages / 2);
        this.areaMaxImages = half < AREA_LEAST_IMAGES ? 0 : half;
      }
      for (let i = 0; i < answer.images.length; i += BATCH_SIZE) {
        const batch = answer.images.slice(i, i + BATCH_SIZE);
        const ids = batch.map((image) => image.id);
        for (const image of batch) this.keep(image.id, image, ids);
      }
      void this.places.lookUp(plan.frontier);
      for (const id of plan.expected) if (!this.records.has(id)) release(id);
      const left = asked.filter((id) => this.unread(id));
      if (left.length) await this.read(planRead(left, this.state(), BATCH_SIZE));
    });
  }

  /**
   * Runs `work` as the read of `ids`: a request for any of them meanwhile waits for it. `work`
   * may release ids it will not bring.
   */
  private reserve(
    ids: readonly string[],
    work: (release: (id: string) => void) => Promise<void>,
  ): Promise<void> {
    const release = (id: string): void => {
      if (this.reading.get(id) === shared) this.reading.delete(id);
    };
    const shared: Promise<void> = work(release).finally(() => ids.forEach(release));
    for (const id of ids) this.reading.set(id, shared);
    return shared;
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
    this.absent.delete(id);
  }
}
