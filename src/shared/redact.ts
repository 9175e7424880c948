// Removes secrets from text before it is logged or shown. Mapillary tokens travel in
// `Authorization` headers, in `access_token=` query parameters (tiles, `paging.next` URLs) and
// as `MLY|…` client tokens; all three shapes are masked.

const patterns: [RegExp, string][] = [
  [
    /\b((?:access_token|client_secret|refresh_token|code)"?\s*[=:]\s*"?)[^&#\s"',]+/gi,
    '$1[redacted]',
  ],
  [/(\bOAuth\s+)[^\s"',]+/g, '$1[redacted]'],
  [/(\bBearer\s+)[^\s"',]+/gi, '$1[redacted]'],
  [/\bMLY\|[A-Za-z0-9|_-]+/g, 'MLY|[redacted]'],
];

/** Returns `text` with every token-like substring replaced by `[redacted]`. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}

/** A failure's message for a log, a webview or the user: secrets redacted, at most `max` characters. */
export function errorText(error: unknown, max = 500): string {
  return redact(error instanceof Error ? error.message : String(error)).slice(0, max);
}
