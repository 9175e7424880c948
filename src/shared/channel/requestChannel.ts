// One end of a typed request channel over any message transport: the extension host and its
// webview, or the webview and its decoding worker. Each request gets an id and a time limit; the
// answer is checked against the request's declared schema before the caller sees it; an answer
// that nobody asked for is dropped and reported; cancelling (by an AbortSignal, a timeout, or
// closing the channel) tells the other side to stop, and the caller gets a typed error. The same
// object answers the requests the other side sends, with the handlers registered for them.
import {
  CHANNEL_MESSAGE_TYPES,
  channelMessageSchema,
  check,
  issueText,
  type ChannelMessage,
  type Transferable,
  type RequestType,
} from './channelMessages';
import { RequestAnswerer, type RequestHandler } from './requestAnswerer';
import {
  RequestCancelledError,
  RequestFailedError,
  RequestTimeoutError,
  type CancelReason,
} from './requestErrors';

/** Timers, injectable so that tests decide when time passes. */
export interface ChannelTimer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** The runtime's own timers. */
export const systemTimer: ChannelTimer = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};

/** How a channel end reaches the other side, and whom it tells about dropped messages. */
export interface RequestChannelOptions {
  /** Sends one envelope; `transfer` lists buffers the transport may move instead of copying. */
  post(message: ChannelMessage, transfer: Transferable[]): void;
  /** Told, in one line, about every message dropped (invalid, unknown, or not answerable). */
  onProblem?: (text: string) => void;
  /** Turns a handler's failure into the text sent back (e.g. with secrets redacted). */
  describeError?: (error: unknown) => string;
  timer?: ChannelTimer;
}

/** Per-request options of {@link RequestChannel.request}. */
export interface RequestOptions {
  /** Aborting it cancels the request: the promise rejects with {@link RequestCancelledError}. */
  signal?: AbortSignal;
  /** Overrides the request type's time limit. */
  timeoutMs?: number;
}

interface Pending {
  type: RequestType<unknown, unknown>;
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: unknown;
  detach(): void;
}

/** One end of a request channel (see the file comment). */
export class RequestChannel {
  private readonly pending = new Map<number, Pending>();
  private readonly answerer: RequestAnswerer;
  private readonly timer: ChannelTimer;
  private nextId = 1;
  private closed = false;
  /** Answers that arrived after their request was cancelled or timed out (dropped quietly). */
  lateAnswers = 0;

  constructor(private readonly options: RequestChannelOptions) {
    this.timer = options.timer ?? systemTimer;
    this.answerer = new RequestAnswerer({
      post: (message, transfer) => {
        if (!this.closed) options.post(message, transfer);
      },
      problem: (text) => this.problem(text),
      describeError: options.describeError,
    });
  }

  /** Sends a request and resolves with its checked answer. */
  request<P, R>(type: RequestType<P, R>, params: P, options: RequestOptions = {}): Promise<R> {
    const { signal } = options;
    if (this.closed) return Promise.reject(new RequestCancelledError(type.method, 'closed'));
    if (signal?.aborted) return Promise.reject(new RequestCancelledError(type.method, 'cancelled'));
    // What the other side would refuse is refused here, with the reason, instead of being lost.
    const checked = check(type.params, params);
    if (!checked.success) {
      return Promise.reject(
        new RequestFailedError(
          type.method,
          `invalid ${type.method} request: ${issueText(checked.error)}`,
        ),
      );
    }
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const onAbort = (): void => this.cancel(id, 'cancelled');
      signal?.addEventListener('abort', onAbort, { once: true });
      const timeoutMs = options.timeoutMs ?? type.timeoutMs;
      const entry: Pending = {
        type: type as RequestType<unknown, unknown>,
        resolve,
        reject,
        timer: this.timer.set(() => this.timeOut(id, timeoutMs), timeoutMs),
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      this.pending.set(id, entry);
      this.options.post(
        { type: 'request', id, method: type.method, params },
        type.transferParams?.(params) ?? [],
      );
    });
  }

  /**
   * Answers requests of `type` with `handler`. With `latestOnly`, a new request of this type
   * supersedes the one still being answered: its handler is aborted and its caller told so.
   */
  handle<P, R>(
    type: RequestType<P, R>,
    handler: RequestHandler<P, R>,
    options: { latestOnly?: boolean } = {},
  ): void {
    this.answerer.handle(type, handler, options.latestOnly ?? false);
  }

  /**
   * Takes one received message. Returns false when it is not a channel envelope (so the caller
   * may handle it as something else); true when the channel took it, even to drop it.
   */
  receive(data: unknown): boolean {
    const type = (data as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !CHANNEL_MESSAGE_TYPES.has(type)) return false;
    if (this.closed) return true;
    const parsed = check(channelMessageSchema, data);
    if (!parsed.success) {
      this.problem(`invalid ${type} dropped: ${issueText(parsed.error)}`);
      return true;
    }
    const message = parsed.data;
    if (message.type === 'response') this.onResponse(message);
    else if (message.type === 'request') this.answerer.onRequest(message);
    else this.answerer.stop(message.id);
    return true;
  }

  /** Requests sent and not yet answered. */
  pendingCount(): number {
    return this.pending.size;
  }

  /** Requests received and still being answered. */
  servingCount(): number {
    return this.answerer.count();
  }

  /** Fails every request still waiting (the other side is gone, e.g. a crashed worker). */
  failAll(text: string): void {
    for (const [id, entry] of [...this.pending]) {
      this.settle(id, entry);
      entry.reject(new RequestFailedError(entry.type.method, text));
    }
  }

  /**
   * Ends everything in flight: requests waiting for answers reject with a cancellation of
   * `reason`, and the handlers still answering requests are aborted (their answers are not sent).
   */
  cancelAll(reason: CancelReason = 'closed'): void {
    for (const [id, entry] of [...this.pending]) {
      this.settle(id, entry);
      entry.reject(new RequestCancelledError(entry.type.method, reason));
    }
    this.answerer.stopAll();
  }

  /** Closes the channel: everything in flight ends, and nothing more is sent or taken. */
  dispose(): void {
    this.cancelAll('closed');
    this.closed = true;
  }

  private settle(id: number, entry: Pending): void {
    this.pending.delete(id);
    this.timer.clear(entry.timer);
    entry.detach();
  }

  private cancel(id: number, reason: CancelReason): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.settle(id, entry);
    this.options.post({ type: 'cancel', id }, []);
    entry.reject(new RequestCancelledError(entry.type.method, reason));
  }

  private timeOut(id: number, timeoutMs: number): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.settle(id, entry);
    this.options.post({ type: 'cancel', id }, []);
    entry.reject(new RequestTimeoutError(entry.type.method, timeoutMs));
  }

  private onResponse(message: ChannelMessage & { type: 'response' }): void {
    const entry = this.pending.get(message.id);
    if (!entry) {
      // Ids are handed out in order: a smaller one was asked and given up on, and its answer
      // crossed the cancel on the way; a larger one was never asked.
      if (message.id < this.nextId) this.lateAnswers++;
      else this.problem(`answer to unknown request ${message.method}#${message.id} dropped`);
      return;
    }
    const method = entry.type.method;
    if (message.method !== method) {
      this.problem(`answer ${message.method}#${message.id} to a ${method} request dropped`);
      return;
    }
    this.settle(message.id, entry);
    if (message.error) {
      entry.reject(
        message.error.superseded
          ? new RequestCancelledError(method, 'superseded')
          : new RequestFailedError(method, message.error.message),
      );
      return;
    }
    const result = check(entry.type.result, message.result);
    if (!result.success) {
      const text = `invalid ${method} answer: ${issueText(result.error)}`;
      this.problem(text);
      entry.reject(new RequestFailedError(method, text));
      return;
    }
    entry.resolve(result.data);
  }

  private problem(text: string): void {
    this.options.onProblem?.(text.slice(0, 1000));
  }
}
