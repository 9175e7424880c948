// The shared state of one dataset build: its sizes, the seeded generator and the ids handed out.
import { type BuiltSize, type Entity, type ImageRecord } from './datasetTypes';
import { Prng } from './prng';

/** How much each built size holds. */
export const SIZES: Record<
  BuiltSize,
  { images: number; nodes: number; block: number; orgs: number; users: number; seqMax: number }
> = {
  small: { images: 2000, nodes: 12, block: 110, orgs: 4, users: 12, seqMax: 80 },
  city: { images: 100000, nodes: 64, block: 120, orgs: 12, users: 150, seqMax: 420 },
};

/** Metres in one degree of latitude, near Malmö. */
export const metresPerDegreeLat = 110_540;

export type SizeConfig = (typeof SIZES)[BuiltSize];

/** Shared state of one build: the generator and the ids handed out so far. */
export class Builder {
  readonly rng: Prng;
  readonly byId = new Map<string, Entity>();
  private readonly used = new Set<string>();

  constructor(seed: number) {
    this.rng = new Prng(seed);
  }

  /** A fresh id of `digits` digits. */
  freshId(digits: number): string {
    for (;;) {
      const id = this.rng.digits(digits);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  /** An entity id: mostly 15 or 16 digits like the real ones; a few have 17 and exceed 2^53. */
  entityId(): string {
    const rng = this.rng;
    return this.freshId(rng.chance(0.01) ? 17 : rng.chance(0.5) ? 15 : 16);
  }

  image(id: string): ImageRecord {
    const e = this.byId.get(id);
    if (e?.kind !== 'image') throw new Error(`no image ${id}`);
    return e.value;
  }
}

export function round(value: number, places: number): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}
