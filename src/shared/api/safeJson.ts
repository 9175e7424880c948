// JSON parsing that keeps big ids and id-like numbers as the service wrote them. Ids are strings in
// Mapillary's answers, but some id-like fields arrive as JSON numbers: an integer literal of more than
// 15 digits silently loses its last digits in JSON.parse (it exceeds 2^53), and a float literal in
// exponent form such as `"merge_cc": 4.546427159383e+18` (14 significant digits, as every recorded
// image has it) parses to a double that prints as 4546427159383000064: digits the service never sent.
// Such literals are turned into strings holding exactly the text sent, before parsing. Measurements
// are never that large, so every number below 2^53 (and every decimal without an exponent) stays a
// number.

/** Integer literals longer than this many digits may not survive a trip through a double. */
const MAX_SAFE_DIGITS = 15;

/**
 * Where a literal the scan must look at could be: a number in a value's place (first, or after `:`, `[`
 * or `,`) with more than 15 digits, or with an exponent. Text without one (most answers) is left as it
 * is without a character-by-character scan; a match inside a string only costs the scan.
 */
const CANDIDATE = /(?:^|[:[,])\s*-?(?:\d{16}|\d+(?:\.\d*)?[eE])/;

/**
 * Returns `text` with every integer literal of more than 15 digits, and every literal in exponent
 * form whose value is at least 2^53 in size, quoted (outside strings), exactly as written.
 */
export function quoteBigNumbers(text: string): string {
  return CANDIDATE.test(text) ? scanBigNumbers(text) : text;
}

/** {@link quoteBigNumbers} without its shortcut: every character of `text` is looked at. */
export function scanBigNumbers(text: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string, honouring escapes.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) {
          i++;
          break;
        } else i++;
      }
      continue;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      if (c === 0x2d) i++;
      while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
      const digits = i - start - (c === 0x2d ? 1 : 0);
      const next = i < n ? text[i] : '';
      const isInteger = next !== '.' && next !== 'e' && next !== 'E';
      if (isInteger && digits > MAX_SAFE_DIGITS) {
        out += `${text.slice(last, start)}"${text.slice(start, i)}"`;
        last = i;
        continue;
      }
      while (i < n && isNumberChar(text.charCodeAt(i))) i++;
      const literal = text.slice(start, i);
      if (/[eE]/.test(literal) && Math.abs(Number(literal)) >= 2 ** 53) {
        out += `${text.slice(last, start)}"${literal}"`;
        last = i;
      }
      continue;
    }
    i++;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Digits, `.`, `e`, `E`, `+` and `-`: the characters of a JSON number. */
function isNumberChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d
  );
}

/** `JSON.parse` that keeps big integers and id-sized exponent literals as the exact text sent. */
export function parseJsonKeepingIds(text: string): unknown {
  return JSON.parse(quoteBigNumbers(text));
}
