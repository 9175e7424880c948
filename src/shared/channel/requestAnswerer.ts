// The answering side of a request channel: the handler registered for each kind of request, the
// requests being answered, and their answers. A request is checked against its declared schema
// before its handler runs, and the answer before it is sent; a request the asking side cancels
// has its handler aborted and gets no answer.
import {
  MAX_ERROR_TEXT,
  check,
  issueText,
  type ChannelMessage,
  type Transferable,
  type RequestType,
} from './channelMessages';

/** Answers one kind of request; `signal` aborts when the asking side cancels. */
export type RequestHandler<P, R> = (params: P, signal: AbortSignal) => Promise<R> | R;

/** What the answering side needs from its channel. */
export interface AnswererLink {
  post(message: ChannelMessage, transfer: Transferable[]): void;
  problem(text: string): void;
  describeError?: (error: unknown) => string;
}

interface Registered {
  type: RequestType<unknown, unknown>;
  handler: RequestHandler<unknown, unknown>;
  latestOnly: boolean;
}

function defaultDescribe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The handlers of a channel end and the requests they are answering. */
export class RequestAnswerer {
  private readonly handlers = new Map<string, Registered>();
  private readonly serving = new Map<number, { method: string; controller: AbortController }>();

  constructor(private readonly link: AnswererLink) {}

  /** Registers the handler of `type` (see RequestChannel.handle). */
  handle<P, R>(type: RequestType<P, R>, handler: RequestHandler<P, R>, latestOnly: boolean): void {
    if (this.handlers.has(type.method)) throw new Error(`${type.method} is handled already`);
    this.handlers.set(type.method, {
      type: type as RequestType<unknown, unknown>,
      handler: handler as RequestHandler<unknown, unknown>,
      latestOnly,
    });
  }

  /** Requests being answered. */
  count(): number {
    return this.serving.size;
  }

  /** Answers a request: checks it, runs its handler, and sends the checked answer. */
  onRequest(message: ChannelMessage & { type: 'request' }): void {
    const { id, method } = message;
    const registered = this.handlers.get(method);
    if (!registered) {
      this.link.problem(`request for unknown method ${method} refused`);
      this.answerError(id, method, `unknown request ${method}`);
      return;
    }
    if (this.serving.has(id)) {
      this.link.problem(`request ${method}#${id} received twice, the second dropped`);
      return;
    }
    const params = check(registered.type.params, message.params);
    if (!params.success) {
      const text = `invalid ${method} request: ${issueText(params.error)}`;
      this.link.problem(text);
      this.answerError(id, method, text);
      return;
    }
    if (registered.latestOnly) this.supersede(method);
    const controller = new AbortController();
    this.serving.set(id, { method, controller });
    const { signal } = controller;
    void Promise.resolve()
      .then(() => registered.handler(params.data, signal))
      .then(
        (result) => {
          if (signal.aborted) return;
          this.serving.delete(id);
          this.answer(id, registered.type, result);
        },
        (error: unknown) => {
          if (signal.aborted) return;
          this.serving.delete(id);
          this.answerError(id, method, (this.link.describeError ?? defaultDescribe)(error));
        },
      );
  }

  /** Aborts the handler of request `id` (cancelled by the asking side); no answer is sent. */
  stop(id: number): void {
    const serving = this.serving.get(id);
    if (!serving) return;
    this.serving.delete(id);
    serving.controller.abort();
  }

  /** Aborts every handler still running. */
  stopAll(): void {
    for (const id of [...this.serving.keys()]) this.stop(id);
  }

  // A newer request of a latest-only kind ends the older ones, whose callers are told why.
  private supersede(method: string): void {
    for (const [id, other] of [...this.serving]) {
      if (other.method !== method) continue;
      this.stop(id);
      this.link.post(
        {
          type: 'response',
          id,
          method,
          error: { message: 'superseded by a newer request', superseded: true },
        },
        [],
      );
    }
  }

  private answer(id: number, type: RequestType<unknown, unknown>, result: unknown): void {
    // An answer the other side's schema would drop is turned into a failure it can show.
    const checked = check(type.result, result);
    if (!checked.success) {
      const text = `the ${type.method} answer could not be sent: ${issueText(checked.error)}`;
      this.link.problem(text);
      this.answerError(id, type.method, text);
      return;
    }
    this.link.post(
      { type: 'response', id, method: type.method, result },
      type.transferResult?.(result) ?? [],
    );
  }

  private answerError(id: number, method: string, text: string): void {
    this.link.post(
      { type: 'response', id, method, error: { message: text.slice(0, MAX_ERROR_TEXT) } },
      [],
    );
  }
}
