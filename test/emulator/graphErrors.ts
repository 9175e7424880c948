// Graph error bodies, in exactly the shape the service sends (see the recorded error fixtures).
import { randomBytes } from 'node:crypto';

/** The `error` object of a Graph error body. */
export interface GraphError {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  error_data?: Record<string, unknown>;
  is_transient?: boolean;
  fbtrace_id: string;
}

/** A Graph error with the HTTP status it travels with. */
export interface GraphFailure {
  status: number;
  body: { error: GraphError };
  headers?: Record<string, string>;
}

function traceId(): string {
  // Trace ids are opaque and differ on every response; they are not part of the seeded data.
  return randomBytes(17).toString('base64').replace(/[+/=]/g, '').slice(0, 23);
}

/** Code 190: the token is missing, malformed, expired or revoked. */
export function invalidToken(status = 401): GraphFailure {
  return {
    status,
    body: {
      error: {
        message: 'Invalid OAuth 2.0 Access Token',
        type: 'MLYApiException',
        code: 190,
        error_data: {},
        fbtrace_id: traceId(),
      },
    },
  };
}

/** Code 4: the application's request limit is reached (transient). */
export function rateLimited(status = 429, retryAfterSeconds = 60): GraphFailure {
  return {
    status,
    body: {
      error: {
        message: 'Application request limit reached',
        type: 'MLYApiException',
        is_transient: true,
        code: 4,
        fbtrace_id: traceId(),
      },
    },
    headers: {
      'Retry-After': String(retryAfterSeconds),
      'x-app-usage': JSON.stringify({ call_count: 100, total_cputime: 37, total_time: 64 }),
    },
  };
}

/** Code 100, subcode 33: the object does not exist or cannot be read with this token. */
export function unknownObject(id: string, status = 400): GraphFailure {
  return {
    status,
    body: {
      error: {
        message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
        type: 'MLYApiException',
        code: 100,
        error_subcode: 33,
        fbtrace_id: traceId(),
      },
    },
  };
}

/** Code 100 without subcode: a bad or missing parameter. */
export function invalidParameter(message: string, status = 400, subcode?: number): GraphFailure {
  return {
    status,
    body: {
      error: {
        message: `(#100) ${message}`,
        type: 'MLYApiException',
        code: 100,
        ...(subcode === undefined ? {} : { error_subcode: subcode }),
        fbtrace_id: traceId(),
      },
    },
  };
}

/** Code 1 subcode 99: the answer would be too large ("reduce the amount of data"). */
export function tooMuchData(status = 500): GraphFailure {
  return {
    status,
    body: {
      error: {
        message: "Please reduce the amount of data you're asking for, then retry your request",
        type: 'MLYApiException',
        code: 1,
        error_subcode: 99,
        is_transient: true,
        fbtrace_id: traceId(),
      },
    },
  };
}

/** Code 2: a transient service error. */
export function serverError(status = 500): GraphFailure {
  return {
    status,
    body: {
      error: {
        message: 'An unexpected error has occurred. Please retry your request later.',
        type: 'MLYApiException',
        is_transient: true,
        code: 2,
        fbtrace_id: traceId(),
      },
    },
  };
}

/** Code 2500: `/me` asked with a token that belongs to no user (a client token). */
export function userTokenRequired(): GraphFailure {
  return {
    status: 400,
    body: {
      error: {
        message:
          'An active user access token must be used to query information about the current user.',
        type: 'OAuthException',
        code: 2500,
        fbtrace_id: traceId(),
      },
    },
  };
}

/** A `/token` exchange refused (wrong client secret, bad or replayed code). */
export function oauthRefused(message: string, subcode?: number): GraphFailure {
  return {
    status: 400,
    body: {
      error: {
        message,
        type: 'OAuthException',
        code: 100,
        ...(subcode === undefined ? {} : { error_subcode: subcode }),
        fbtrace_id: traceId(),
      },
    },
  };
}
