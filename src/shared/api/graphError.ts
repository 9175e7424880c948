// Typed errors for every way a Graph or tile call can fail. The decision is made from the HTTP status,
// the Graph `code` and `error_subcode`, never from the message text: the service localises messages.
// Error messages are written for the person using the client and never contain a token or a URL.
import { z } from 'zod';
import { redact } from '../redact';

/** What went wrong, in terms a caller can act on. */
export type GraphErrorKind =
  /** Codes 4, 17, 613 or HTTP 429: slow down and retry later. */
  | 'rate-limit'
  /** Codes 1, 2 or `is_transient`: a passing service error. */
  | 'transient'
  /** Code 1 with subcode 99 ("reduce the amount of data"): ask for a smaller area instead. */
  | 'too-much-data'
  /** Code 190: the token is invalid, expired or revoked. */
  | 'invalid-token'
  /** Code 100 with subcode 33, or HTTP 404: the object does not exist or is not visible. */
  | 'not-found'
  /** Code 100 otherwise, or another 4xx: the request itself is wrong. */
  | 'bad-request'
  /** Codes 10, 200–299 and 2500, or HTTP 403 without a Graph body: not allowed. */
  | 'permission'
  /** Code 368: the app or user is temporarily blocked; stop. */
  | 'blocked'
  /** A 5xx without a Graph body. */
  | 'server'
  /** The connection failed (DNS, refused, reset, truncated body). */
  | 'network'
  /** An attempt took longer than the per-attempt timeout. */
  | 'timeout'
  /** The caller cancelled. */
  | 'cancelled'
  /** The body was expected to be JSON and was not. */
  | 'not-json'
  /** The body was an HTML page (a proxy, captive portal or the service's error page). */
  | 'html'
  /** The JSON did not have the expected shape. */
  | 'invalid-response'
  /** The client's own rate limit or daily budget is spent. */
  | 'budget-exhausted'
  /** No token is available: the user has not signed in and no client token is configured. */
  | 'no-token'
  /** Tiles need an app's client token and none is at hand (a user token never goes into a URL). */
  | 'no-client-token';

/** The Graph error body's inner object, as parsed. */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  errorSubcode?: number;
  isTransient?: boolean;
  fbtraceId?: string;
}

/** Details attached to a {@link GraphError}. */
export interface GraphErrorDetails {
  status?: number;
  body?: GraphErrorBody;
  /** The delay asked for by `Retry-After`, in milliseconds. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** An error from the Mapillary client, with a kind to decide on and a message to show. */
export class GraphError extends Error {
  /** The category of failure. */
  readonly kind: GraphErrorKind;
  /** The HTTP status, when a response arrived. */
  readonly status: number | undefined;
  /** The Graph error code, when the body held one. */
  readonly code: number | undefined;
  /** The Graph error subcode, when present. */
  readonly subcode: number | undefined;
  /** The service's own `is_transient` flag. */
  readonly isTransient: boolean | undefined;
  /** The service's trace id, useful in a bug report. */
  readonly fbtraceId: string | undefined;
  /** The service's message (redacted), for the log; the `message` is the one to show. */
  readonly serviceMessage: string | undefined;
  /** The delay asked for by `Retry-After`, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(kind: GraphErrorKind, message: string, details: GraphErrorDetails = {}) {
    super(redact(message), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'GraphError';
    this.kind = kind;
    this.status = details.status;
    this.code = details.body?.code;
    this.subcode = details.body?.errorSubcode;
    this.isTransient = details.body?.isTransient;
    this.fbtraceId = details.body?.fbtraceId;
    this.serviceMessage =
      details.body?.message === undefined ? undefined : redact(details.body.message).slice(0, 500);
    this.retryAfterMs = details.retryAfterMs;
  }

  /** A one-line description for the log: kind, status, code and trace id, never a token. */
  describe(): string {
    const parts = [`${this.kind}`];
    if (this.status !== undefined) parts.push(`HTTP ${this.status}`);
    if (this.code !== undefined)
      parts.push(`code ${this.code}${this.subcode === undefined ? '' : `/${this.subcode}`}`);
    if (this.fbtraceId) parts.push(`trace ${this.fbtraceId}`);
    if (this.serviceMessage) parts.push(JSON.stringify(this.serviceMessage));
    return redact(parts.join(', '));
  }
}

const numberLike = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
const errorBodySchema = z.looseObject({
  error: z.looseObject({
    message: z.string().optional().catch(undefined),
    type: z.string().optional().catch(undefined),
    code: numberLike.optional().catch(undefined),
    error_subcode: numberLike.optional().catch(undefined),
    is_transient: z.boolean().optional().catch(undefined),
    fbtrace_id: z.string().optional().catch(undefined),
  }),
});

/**
 * Reads a Graph error body (`{"error":{…}}`) from parsed JSON. Returns undefined when the value is
 * not one, so it can be called on every response, including a 200 that might hold an error.
 */
export function parseGraphErrorBody(json: unknown): GraphErrorBody | undefined {
  // Most answers are not errors: an answer without an `error` key skips the schema, which is most
  // of what this costs per request.
  if (typeof json !== 'object' || json === null || !Object.hasOwn(json, 'error')) return undefined;
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const e = parsed.data.error;
  return {
    message: e.message,
    type: e.type,
    code: e.code,
    errorSubcode: e.error_subcode,
    isTransient: e.is_transient,
    fbtraceId: e.fbtrace_id,
  };
}

/** Decides the kind of a failed response from its status and Graph body (never the message). */
export function classifyGraphError(
  status: number,
  body: GraphErrorBody | undefined,
): GraphErrorKind {
  const code = body?.code;
  if (code !== undefined) {
    if (code === 190) return 'invalid-token';
    if (code === 368) return 'blocked';
    if (code === 4 || code === 17 || code === 613 || code === 32) return 'rate-limit';
    if (code === 100) return body?.errorSubcode === 33 ? 'not-found' : 'bad-request';
    // Retrying the same dense request cannot succeed: the caller must ask for less.
    if (code === 1 && body?.errorSubcode === 99) return 'too-much-data';
    if (code === 1 || code === 2) return 'transient';
    // 2500: the call needs a user token (e.g. /me with the app's client token).
    if (code === 10 || code === 2500 || (code >= 200 && code <= 299)) return 'permission';
    if (body?.isTransient === true) return 'transient';
  }
  if (status === 429) return 'rate-limit';
  if (status === 408) return 'timeout';
  if (status >= 500) return body?.isTransient === true ? 'transient' : 'server';
  if (body?.isTransient === true) return 'transient';
  if (status === 404) return 'not-found';
  if (status === 401) return 'invalid-token';
  if (status === 403) return 'permission';
  return 'bad-request';
}

const advice: Record<GraphErrorKind, string> = {
  'rate-limit': 'Mapillary is limiting requests: wait a minute and try again.',
  'too-much-data': 'Mapillary found too much data for one answer: ask for a smaller area.',
  transient: 'Mapillary had a temporary problem: try again shortly.',
  'invalid-token': 'The access token is invalid or expired: sign in again.',
  'not-found': 'The object does not exist or you may not see it: check the id.',
  'bad-request': 'Mapillary rejected the request: check the id, filters and area.',
  permission: 'This token may not read that object: sign in with an account that can.',
  blocked: 'Mapillary has temporarily blocked these requests: stop and try again later.',
  server: 'Mapillary answered with a server error: try again later.',
  network: 'Could not reach Mapillary: check the network connection and the API URL setting.',
  timeout: 'Mapillary did not answer in time: try again, or zoom in to ask for less.',
  cancelled: 'The request was cancelled.',
  'not-json': 'Mapillary sent an unreadable answer: try again later.',
  html: 'Received a web page instead of data: a proxy or sign-in page may be in the way; check the API URL setting.',
  'invalid-response': 'Mapillary sent data in an unexpected shape: try again later.',
  'budget-exhausted': 'The request budget is spent: wait for it to renew (tiles: at midnight UTC).',
  'no-token': 'No access token: sign in to Mapillary or set a client token.',
  'no-client-token':
    "Tiles need your Mapillary app's client token (a user token is never put into a tile URL): add the client token from mapillary.com/dashboard/developers.",
};

/** The human advice for a kind: what happened and what to do. */
export function adviceFor(kind: GraphErrorKind): string {
  return advice[kind];
}

/** Builds the typed error for a response whose status or body says it failed. */
export function graphErrorFromResponse(
  status: number,
  body: GraphErrorBody | undefined,
  retryAfterMs?: number,
): GraphError {
  const kind = classifyGraphError(status, body);
  return new GraphError(kind, adviceFor(kind), { status, body, retryAfterMs });
}

/** Codes whose meaning says "do not try the same request again". */
const fatalCodes = new Set([100, 190, 368, 10]);
/** Codes the service documents as passing. */
const retryableCodes = new Set([1, 2, 4, 17, 32, 613]);

/**
 * Whether repeating the same request may succeed: network errors, timeouts, 408, 429, 5xx, codes 1, 2,
 * 4, 17, 613 and `is_transient`. Never for 100, 190 (the client refreshes the token separately), 368,
 * cancellation, or the client's own budget.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof GraphError)) return false;
  switch (error.kind) {
    case 'cancelled':
    case 'invalid-token':
    case 'blocked':
    case 'budget-exhausted':
    case 'no-token':
    case 'no-client-token':
    case 'too-much-data':
      return false;
    case 'network':
    case 'timeout':
      return true;
    default:
      break;
  }
  if (error.code !== undefined) {
    if (fatalCodes.has(error.code)) return false;
    if (retryableCodes.has(error.code)) return true;
  }
  if (error.isTransient === true) return true;
  // A 200 whose JSON does not parse is almost always a body cut off in transit.
  if (error.kind === 'not-json') return true;
  if (error.status === undefined) return false;
  return error.status === 408 || error.status === 429 || error.status >= 500;
}
