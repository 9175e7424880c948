// What a request channel sends over its transport (a webview's postMessage, a worker port), and
// how a request/response pair is declared: once, with a zod schema for each direction, so that both
// ends check what they receive against the same declaration. The channel is written with zod's
// small build (`zod/mini`): the decoding worker loads it, and the full build would multiply the
// worker's size twenty times (22 KB to 480 KB) and its start-up time with it. Schemas of the full
// build work with it all the same.
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';

const requestIdSchema = z.number().check(z.int(), z.positive(), z.maximum(Number.MAX_SAFE_INTEGER));
const methodSchema = z.string().check(z.minLength(1), z.maxLength(64));
/** Longest error text an answer carries. */
export const MAX_ERROR_TEXT = 500;

/** The envelope of everything a channel sends; each side validates it before looking inside. */
export const channelMessageSchema = z.discriminatedUnion('type', [
  /** Asks the other side for something; it answers with a `response` of the same id. */
  z.object({
    type: z.literal('request'),
    id: requestIdSchema,
    method: methodSchema,
    params: z.unknown(),
  }),
  /** The asking side no longer wants the answer to request `id`: stop working on it. */
  z.object({ type: z.literal('cancel'), id: requestIdSchema }),
  /** The answer to request `id`: its `result`, or an `error`. */
  z.object({
    type: z.literal('response'),
    id: requestIdSchema,
    method: methodSchema,
    result: z.optional(z.unknown()),
    error: z.optional(
      z.object({
        message: z.string().check(z.maxLength(MAX_ERROR_TEXT)),
        /** The answering side gave the request up for a newer one (see `latestOnly`). */
        superseded: z.optional(z.boolean()),
      }),
    ),
  }),
]);
/** One envelope on a channel. */
export type ChannelMessage = z.infer<typeof channelMessageSchema>;

/** The `type`s a channel envelope has; other messages on the same transport are not the channel's. */
export const CHANNEL_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  'request',
  'cancel',
  'response',
]);

/**
 * What a transport may move instead of copying: an `ArrayBuffer`, or in a browser an `ImageBitmap`
 * (declared loosely, since this module is also compiled without the DOM's types).
 */
export type Transferable = ArrayBuffer | { close(): void };

/** A request/response pair: its method name, the schema of each direction, and its limits. */
export interface RequestType<P, R> {
  readonly method: string;
  readonly params: $ZodType<P>;
  readonly result: $ZodType<R>;
  /** How long the asking side waits for the answer before it gives up and cancels. */
  readonly timeoutMs: number;
  /** Objects of the params to transfer instead of copy, where the transport can (workers). */
  readonly transferParams?: (params: P) => Transferable[];
  /** Objects of the result to transfer instead of copy, where the transport can (workers). */
  readonly transferResult?: (result: R) => Transferable[];
}

/** Declares a request/response pair (see {@link RequestType}). */
export function defineRequest<P, R>(type: RequestType<P, R>): RequestType<P, R> {
  if (!z.safeParse(methodSchema, type.method).success) {
    throw new RangeError(`invalid request method name "${type.method}"`);
  }
  return type;
}

/** Checks `value` against `schema` (of either zod build). */
export function check<T>(schema: $ZodType<T>, value: unknown) {
  return z.safeParse(schema, value);
}

/** The first issue of a failed zod check, in one line. */
export function issueText(error: {
  issues: readonly { message: string; path: readonly PropertyKey[] }[];
}): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
  return `${issue?.message ?? 'invalid'}${where}`;
}
