// The capture order of the sequences the viewer met, read with one `image_ids` call per sequence:
// shared while it runs, then kept, a few dozen sequences at a time. The read-ahead walks along
// these orders.
import { type MapillaryApi } from '../api/mapillaryApi';
import { setNewest } from '../../shared/boundedMap';
import { isId } from '../../shared/ids';

/** Sequences whose order is kept. */
const MAX_SEQUENCES = 64;

/** The orders of sequences (see the file comment). */
export class SequenceOrders {
  private readonly orders = new Map<string, string[]>();
  private readonly running = new Map<string, Promise<string[]>>();

  constructor(
    private readonly api: () => Promise<MapillaryApi>,
    private readonly signal: AbortSignal,
    /** Told of each call. */
    private readonly onRead?: (what: string, ids: number) => void,
  ) {}

  /** Whether the order of `sequenceId` is known. */
  has(sequenceId: string): boolean {
    return this.orders.has(sequenceId);
  }

  /** A sequence's image ids in capture order (one call per sequence, shared and kept). */
  read(sequenceId: string): Promise<string[]> {
    const known = this.orders.get(sequenceId);
    if (known) return Promise.resolve(known);
    let running = this.running.get(sequenceId);
    if (!running) {
      running = (async () => {
        const api = await this.api();
        this.onRead?.('image_ids', 1);
        const ids = (await api.getImageIds(sequenceId, { signal: this.signal })).filter((id) =>
          isId('image', id),
        );
        setNewest(this.orders, sequenceId, ids, MAX_SEQUENCES);
        return ids;
      })().finally(() => this.running.delete(sequenceId));
      this.running.set(sequenceId, running);
    }
    return running;
  }

  /**
   * The known order holding `id`: the sequences named first (a hint, the image's record), then
   * any other known one.
   */
  holding(id: string, ...likely: (string | undefined)[]): string[] | undefined {
    for (const sequenceId of likely) {
      const order = sequenceId === undefined ? undefined : this.orders.get(sequenceId);
      if (order?.includes(id)) return order;
    }
    for (const order of this.orders.values()) if (order.includes(id)) return order;
    return undefined;
  }
}
