// Injected failures: which request gets which fault, and the answer each fault gives.
import { invalidToken, rateLimited, serverError, tooMuchData } from './graphErrors';
import { type Prng } from './prng';
import { type Reply, json, text } from './replies';

/** A failure to inject into matching requests. */
export interface FaultSpec {
  kind:
    | 'rateLimit'
    | 'serverError'
    | 'reset'
    | 'truncate'
    | 'html'
    | 'slow'
    | 'expiredThumb'
    | 'tooMuchData'
    | 'invalidToken';
  /** Substring of the request path (e.g. '/images', 'mly1_public', '/thumbs'); all requests when absent. */
  match?: string;
  /** Fire for the next N matching requests; unlimited when absent. */
  count?: number;
  /** Probability 0..1 per matching request (drawn from the seeded generator); default 1. */
  rate?: number;
  /** For rateLimit: the Retry-After header (seconds); default 60. */
  retryAfterSeconds?: number;
  /**
   * For rateLimit: 429 (default) or 403. For serverError and tooMuchData: 500 unless told; for
   * invalidToken 401; for html 502; for expiredThumb 403 (or 410). For serverError, tooMuchData
   * and invalidToken, 200 sends the error body with a 200 status, as the service sometimes does.
   */
  status?: number;
  /** For slow: the added delay in milliseconds; default 2000. */
  delayMs?: number;
}

const kinds = new Set<FaultSpec['kind']>([
  'rateLimit',
  'serverError',
  'reset',
  'truncate',
  'html',
  'slow',
  'expiredThumb',
  'tooMuchData',
  'invalidToken',
]);

/** Checks a fault that arrived as JSON; returns an error message or undefined. */
export function faultProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) {
    return 'a fault is an object';
  }
  const f = value as Record<string, unknown>;
  if (typeof f.kind !== 'string' || !kinds.has(f.kind as FaultSpec['kind'])) {
    return `unknown fault kind ${String(f.kind)}`;
  }
  for (const key of ['count', 'rate', 'retryAfterSeconds', 'status', 'delayMs']) {
    if (f[key] !== undefined && typeof f[key] !== 'number') {
      return `${key} must be a number`;
    }
  }
  if (f.match !== undefined && typeof f.match !== 'string') {
    return 'match must be a string';
  }
  return undefined;
}

/** The active faults, consulted in the order they were added. */
export class FaultList {
  private faults: { spec: FaultSpec; left: number }[] = [];

  constructor(private readonly rng: Prng) {}

  /** Adds a fault. */
  add(spec: FaultSpec): void {
    this.faults.push({ spec: { ...spec }, left: spec.count ?? Infinity });
  }

  /** Removes every fault. */
  clear(): void {
    this.faults = [];
  }

  /** The faults still armed. */
  list(): FaultSpec[] {
    return this.faults.filter((f) => f.left > 0).map((f) => ({ ...f.spec }));
  }

  /**
   * The fault that fires for this request, if any (its count is used up by firing). `applies`
   * filters out faults that make no sense for the request (an expired thumbnail on a tile).
   */
  take(path: string, applies: (spec: FaultSpec) => boolean): FaultSpec | undefined {
    for (const f of this.faults) {
      if (f.left <= 0 || (f.spec.match !== undefined && !path.includes(f.spec.match))) {
        continue;
      }
      if (!applies(f.spec)) {
        continue;
      }
      if (this.rng.next() >= (f.spec.rate ?? 1)) {
        continue;
      }
      f.left--;
      return f.spec;
    }
    return undefined;
  }
}

/**
 * The answer a fault sends instead of the real one, or undefined for the faults that act on the real
 * answer (slow, reset, truncate). Error bodies are the service's own (see graphErrors.ts); the HTML
 * page is what a proxy in front of the service sends.
 */
export function faultReply(fault: FaultSpec): Reply | undefined {
  switch (fault.kind) {
    case 'rateLimit':
      return json(rateLimited(fault.status ?? 429, fault.retryAfterSeconds ?? 60));
    case 'serverError':
      return json(serverError(fault.status ?? 500));
    case 'tooMuchData':
      return json(tooMuchData(fault.status ?? 500));
    case 'invalidToken':
      return json(invalidToken(fault.status ?? 401));
    case 'html':
      return {
        status: fault.status ?? 502,
        contentType: 'text/html; charset=utf-8',
        body: Buffer.from(
          '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>proxygen</center></body></html>\n',
        ),
      };
    case 'expiredThumb':
      return text(fault.status ?? 403, 'URL signature expired');
    default:
      return undefined;
  }
}
