// How a request on a channel can end other than with its answer. Each ending is its own class, so a
// caller tells "nobody wants this any more" (nothing to show) from "it failed" (show the failure)
// by type, never by comparing message text.

/** Why a request was cancelled. */
export type CancelReason =
  /** The caller let go of it (its signal was aborted). */
  | 'cancelled'
  /** The channel closed: the panel, the page or the worker is gone. */
  | 'closed'
  /** The answering side gave it up for a newer request of the same kind. */
  | 'superseded';

/** The request was cancelled; there is no answer, and nothing went wrong. */
export class RequestCancelledError extends Error {
  override readonly name = 'RequestCancelledError';

  constructor(
    readonly method: string,
    readonly reason: CancelReason,
  ) {
    super(`${method} request ${reason}`);
  }
}

/** No answer came within the request's time limit; the other side was told to stop. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';

  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`no answer to ${method} within ${Math.round(timeoutMs / 1000)} s`);
  }
}

/** The other side answered with a failure, or with an answer that did not pass its schema. */
export class RequestFailedError extends Error {
  override readonly name = 'RequestFailedError';

  constructor(
    readonly method: string,
    message: string,
  ) {
    super(message);
  }
}

/** True when `error` is a cancellation (of any reason), which callers show as nothing at all. */
export function isRequestCancelled(error: unknown): error is RequestCancelledError {
  return error instanceof RequestCancelledError;
}
