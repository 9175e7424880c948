// Access tokens arrive by copy and paste: with spaces or line breaks, in quotes, with the
// `OAuth `/`Bearer ` prefix of a header or the `access_token=` of a URL. This turns such text into
// the bare token, or says why it cannot be one, without ever echoing the text back.

/** The outcome of {@link normalizeToken}. */
export type NormalizedToken = { ok: true; token: string } | { ok: false; problem: string };

// Quotes, straight or typographic, around the token; a token never contains one.
const QUOTES = /^["'`\u2018\u2019\u201c\u201d]+|["'`\u2018\u2019\u201c\u201d]+$/g;
// Mapillary tokens are `MLY|<digits>|<hex>`; OAuth user tokens have the same alphabet. Allow the
// characters of base64 and base64url too, so that a future token format is not refused.
const TOKEN = /^[A-Za-z0-9|_.~+/=-]+$/;

/** Cleans up pasted text into a token, or explains what is wrong with it. */
export function normalizeToken(input: string): NormalizedToken {
  let text = input.trim();
  for (let i = 0; i < 3; i++) text = text.replace(QUOTES, '').trim();
  text = text.replace(/^(?:Authorization:\s*)?(?:OAuth|Bearer)\s+/i, '');
  text = text.replace(/^access_token=/i, '');
  // A token has no whitespace of its own: what is there came from wrapping or pasting.
  text = text.replace(/\s+/g, '');
  if (text === '') return { ok: false, problem: 'No token was entered.' };
  if (text.length < 20) return { ok: false, problem: 'This is too short to be an access token.' };
  if (text.length > 4096) return { ok: false, problem: 'This is too long to be an access token.' };
  if (!TOKEN.test(text)) {
    return {
      ok: false,
      problem:
        'This contains characters that an access token cannot have. Paste the token alone (it looks like MLY|…).',
    };
  }
  return { ok: true, token: text };
}

/** The app id inside a `MLY|<app id>|<secret part>` token, if it has that shape (not a secret). */
export function appIdOfToken(token: string): string | undefined {
  return /^MLY\|(\d{1,32})\|/.exec(token)?.[1];
}
