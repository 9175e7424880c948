// Two ends of a request channel joined by queues the test delivers by hand, and a timer the test
// advances by hand: nothing in a channel test waits for real time.
import {
  RequestChannel,
  type ChannelTimer,
  type RequestChannelOptions,
} from '../../src/shared/channel/requestChannel';
import type { ChannelMessage, Transferable } from '../../src/shared/channel/channelMessages';

/** A timer whose time moves only when the test says so. */
export class ManualTimer implements ChannelTimer {
  private now = 0;
  private nextHandle = 1;
  private readonly due = new Map<number, { at: number; callback: () => void }>();

  set(callback: () => void, ms: number): unknown {
    const handle = this.nextHandle++;
    this.due.set(handle, { at: this.now + ms, callback });
    return handle;
  }

  clear(handle: unknown): void {
    this.due.delete(handle as number);
  }

  /** Timers still set. */
  get size(): number {
    return this.due.size;
  }

  /** Moves time on by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const next = [...this.due.entries()]
        .filter(([, t]) => t.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      this.due.delete(next[0]);
      this.now = next[1].at;
      next[1].callback();
    }
    this.now = until;
  }
}

/** One end with the messages it sent, not yet delivered. */
export interface End {
  channel: RequestChannel;
  /** Envelopes sent by this end, waiting for {@link Pair.deliver}. */
  outbox: { message: ChannelMessage; transfer: Transferable[] }[];
  /** Every envelope this end ever sent. */
  sent: ChannelMessage[];
  problems: string[];
}

/** Two joined ends. */
export interface Pair {
  a: End;
  b: End;
  timer: ManualTimer;
  /** Delivers what each end sent so far to the other, then lets handlers run. */
  deliver: () => Promise<void>;
}

/** Lets queued promise callbacks run (no timers involved). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function end(timer: ManualTimer, extra: Partial<RequestChannelOptions>): End {
  const e: End = { outbox: [], sent: [], problems: [], channel: undefined as never };
  e.channel = new RequestChannel({
    post: (message, transfer) => {
      e.outbox.push({ message, transfer });
      e.sent.push(message);
    },
    onProblem: (text) => e.problems.push(text),
    timer,
    ...extra,
  });
  return e;
}

/** Two ends of a channel, joined; `options` apply to end `b` (the answering side in most tests). */
export function channelPair(options: Partial<RequestChannelOptions> = {}): Pair {
  const timer = new ManualTimer();
  const a = end(timer, {});
  const b = end(timer, options);
  return {
    a,
    b,
    timer,
    async deliver() {
      for (let round = 0; round < 10; round++) {
        await settle();
        const moving = [
          ...a.outbox.splice(0).map((m) => [b, m] as const),
          ...b.outbox.splice(0).map((m) => [a, m] as const),
        ];
        if (moving.length === 0) return;
        for (const [to, { message }] of moving) to.channel.receive(message);
      }
    },
  };
}
