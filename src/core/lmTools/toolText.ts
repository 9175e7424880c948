// What the language-model tools say in their results: times as ISO strings, positions rounded to
// what matters, and failures as one line that tells the model what to do next. Nothing here ever
// holds a token or a URL from the service (those can be signed): messages come from the typed
// errors, which are written without them, and are redacted once more on the way out.
import { GraphError } from '../../shared/api/graphError';
import { errorText, redact } from '../../shared/redact';
import { JobError } from '../export/jobErrors';

/** `2024-05-03T14:03:22.000Z`, or undefined for 0, missing or invalid times. */
export function isoTime(ms: number | string | undefined): string | undefined {
  const value = typeof ms === 'string' ? Date.parse(ms) : ms;
  if (value === undefined || !Number.isFinite(value) || value <= 0) return undefined;
  return new Date(value).toISOString();
}

/** Degrees to 7 decimals (about 1 cm): enough for any use, shorter for the model to read. */
export function degrees(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Number(value.toFixed(7));
}

const SIGN_IN =
  'sign in with the command "Mapillary: Sign In" or "Mapillary: Sign In with Access Token" (or set the MAPILLARY_ACCESS_TOKEN environment variable to a client token), then call the tool again.';

/** A failure as one line for the model: what happened and what to do. */
export function toolErrorText(error: unknown): string {
  if (error instanceof GraphError) {
    switch (error.kind) {
      case 'no-token':
        return `no client token: ${SIGN_IN}`;
      case 'invalid-token':
        return `the access token was refused (invalid, expired or revoked): ${SIGN_IN}`;
      case 'rate-limit':
      case 'budget-exhausted':
      case 'blocked':
        return `${error.message} Do not call Mapillary tools again for a while.`;
      case 'not-found':
        return `${error.message} Check the ids (image ids are strings of digits).`;
      default:
        return redact(error.message);
    }
  }
  if (error instanceof JobError) return redact(error.message);
  return errorText(error);
}
