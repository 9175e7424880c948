// The emulator's time, for everything that expires: access tokens, authorization codes and signed
// thumbnail URLs (and the per-minute usage window). Tests pass a ManualClock and move it forward
// instead of sleeping until something expires, so expiry never races the work done meanwhile.

/** A source of the current time. */
export interface EmulatorClock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The real time. */
export const systemClock: EmulatorClock = { now: () => Date.now() };

/** A clock that stands still until it is moved. */
export class ManualClock implements EmulatorClock {
  constructor(private current = Date.now()) {}

  now(): number {
    return this.current;
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`a clock moves forward, not by ${ms} ms`);
    this.current += ms;
  }
}
