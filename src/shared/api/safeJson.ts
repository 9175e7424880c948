// JSON parsing that keeps big integer ids intact. Ids are strings in Mapillary's answers, but an
// integer literal with more than 15 digits would silently lose its last digits in JSON.parse (it
// exceeds 2^53), so such literals are turned into strings before parsing. Decimals and exponents are
// left alone: they are measurements, and were already approximate when the service wrote them.

/** Integer literals longer than this many digits may not survive a trip through a double. */
const MAX_SAFE_DIGITS = 15;

/** Returns `text` with every integer literal of more than 15 digits (outside strings) quoted. */
export function quoteBigIntegers(text: string): string {
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
      } else {
        while (i < n && /[0-9.eE+-]/.test(text[i] as string)) i++;
      }
      continue;
    }
    i++;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** `JSON.parse` that keeps integers of more than 15 digits as exact strings. */
export function parseJsonKeepingIds(text: string): unknown {
  return JSON.parse(quoteBigIntegers(text));
}
