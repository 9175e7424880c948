// The Graph API client: JSON over the request engine, the token in the Authorization header (never in
// a URL), a client-side limiter for the published per-minute rate, and every answer checked: a 200
// whose body holds `error` is an error, HTML and broken JSON are typed failures, an empty 204 is an
// empty answer (not a fault to retry), and shapes are validated with the entity schemas.
import { type z } from 'zod';
import {
  GraphError,
  adviceFor,
  graphErrorFromResponse,
  parseGraphErrorBody,
} from '../../shared/api/graphError';
import {
  type QueryParams,
  buildGraphUrl,
  sameOrigin,
  withoutAccessToken,
} from '../../shared/api/graphUrl';
import { GRAPH_RATE_PER_MINUTE, RateLimiter } from '../../shared/api/rateLimiter';
import { parseRetryAfter } from '../../shared/api/retryPolicy';
import { parseJsonKeepingIds } from '../../shared/api/safeJson';
import { type Clock, systemClock } from './clock';
import { MapillaryHttp, type MapillaryHttpOptions, type TokenProvider } from './mapillaryHttp';
import { readBodyBounded } from './readBody';

/** One decoder for every answer (a decoder without `stream` keeps no state between calls). */
const UTF8 = new TextDecoder();

/** Settings of {@link GraphClient}. */
export interface GraphClientOptions extends MapillaryHttpOptions {
  /** Base URL of the Graph API, e.g. `https://graph.mapillary.com` (a setting). */
  baseUrl: string;
  /** Graph requests allowed per minute (default 50,000). */
  graphRatePerMinute?: number;
  /** Largest JSON answer read, in bytes (default 64 MB). */
  maxJsonBytes?: number;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Another token for this call only (checking which kind a token is); never refreshed on 190. */
  token?: TokenProvider;
}

/**
 * What an empty answer (HTTP 204, no body) reads as from {@link GraphClient.getJson}. The service
 * sends it for "nothing here" (mapillary-api.md: "On the Graph side an empty 204 is not a fault to
 * retry"); {@link GraphClient.get} turns it into the schema's empty value.
 */
export const EMPTY_ANSWER: Readonly<Record<string, never>> = Object.freeze({});

/** A Graph API client. */
export class GraphClient {
  /** The request engine, shared with the tile fetcher so both use one token, budget and event stream. */
  readonly http: MapillaryHttp;
  /** The configured base URL. */
  readonly baseUrl: string;
  private readonly limiter: RateLimiter;
  private readonly clock: Clock;
  private readonly maxJsonBytes: number;

  constructor(options: GraphClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.clock = options.clock ?? systemClock;
    this.http = new MapillaryHttp(options);
    this.limiter = new RateLimiter(
      { limit: options.graphRatePerMinute ?? GRAPH_RATE_PER_MINUTE, periodMs: 60_000 },
      () => this.clock.now(),
    );
    this.maxJsonBytes = options.maxJsonBytes ?? 64 * 1024 * 1024;
  }

  /** Builds a Graph URL under the base URL (without a token). */
  url(path: string, params?: QueryParams): string {
    return buildGraphUrl(this.baseUrl, path, params);
  }

  /** GETs `path?params` and returns the parsed JSON (any shape). */
  getJson(path: string, params?: QueryParams, options: CallOptions = {}): Promise<unknown> {
    return this.fetchJson(this.url(path, params), options);
  }

  /** GETs `path?params` and validates the answer with `schema`. */
  async get<S extends z.ZodType>(
    path: string,
    params: QueryParams | undefined,
    schema: S,
    options: CallOptions = {},
  ): Promise<z.infer<S>> {
    return validateAnswer(schema, await this.getJson(path, params, options));
  }

  /**
   * GETs an absolute URL the service handed out (`paging.next`). It is fetched only when its origin is
   * the configured base URL's; its `access_token` is dropped and the current token sent in the header.
   */
  async getUrl<S extends z.ZodType>(
    absoluteUrl: string,
    schema: S,
    options: CallOptions = {},
  ): Promise<z.infer<S>> {
    if (!sameOrigin(absoluteUrl, this.baseUrl)) {
      throw new GraphError(
        'invalid-response',
        'Mapillary pointed the next page at another host; it was not followed.',
      );
    }
    return validateAnswer(schema, await this.fetchJson(withoutAccessToken(absoluteUrl), options));
  }

  private fetchJson(url: string, options: CallOptions): Promise<unknown> {
    return this.http.execute({
      channel: 'graph',
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      maxAttempts: options.maxAttempts,
      token: options.token,
      build: (token) => ({
        url,
        headers: {
          accept: 'application/json',
          ...(token === undefined ? {} : { authorization: `OAuth ${token}` }),
        },
      }),
      beforeAttempt: async (signal) => {
        const waitMs = this.limiter.reserve();
        if (waitMs > 0) await this.clock.sleep(waitMs, signal);
      },
      read: (response) => this.readJson(response),
    });
  }

  private async readJson(response: Response): Promise<unknown> {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.clock.now());
    const bytes = await readBodyBounded(response, this.maxJsonBytes);
    if (response.status === 204) return EMPTY_ANSWER;
    const text = UTF8.decode(bytes);
    const trimmed = text.trimStart();
    const ok = response.status >= 200 && response.status < 300;
    if (trimmed.startsWith('<')) {
      if (ok) throw new GraphError('html', adviceFor('html'), { status: response.status });
      throw graphErrorFromResponse(response.status, undefined, retryAfterMs);
    }
    let json: unknown;
    try {
      json = parseJsonKeepingIds(text);
    } catch {
      if (!ok) throw graphErrorFromResponse(response.status, undefined, retryAfterMs);
      throw new GraphError('not-json', adviceFor('not-json'), { status: response.status });
    }
    const body = parseGraphErrorBody(json);
    if (body || !ok) throw graphErrorFromResponse(response.status, body, retryAfterMs);
    return json;
  }
}

/**
 * Validates an answer like {@link validate}; the empty answer becomes the schema's empty value: an
 * object without fields (an entity, or a batch keyed by id that found nothing), or, for a schema
 * that needs `data`, an empty collection (`{"data":[]}`).
 */
export function validateAnswer<S extends z.ZodType>(schema: S, json: unknown): z.infer<S> {
  if (json !== EMPTY_ANSWER) return validate(schema, json);
  const asObject = schema.safeParse({});
  if (asObject.success) return asObject.data;
  return validate(schema, { data: [] });
}

/** Validates a parsed answer, turning a mismatch into an 'invalid-response' error. */
export function validate<S extends z.ZodType>(schema: S, json: unknown): z.infer<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'unknown';
  throw new GraphError('invalid-response', `${adviceFor('invalid-response')} (${where})`);
}
