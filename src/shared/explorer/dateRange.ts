// Date filters typed into the search prompts: a day (`2024-05-01`) or a range (`2024-05-01..2024-06-30`,
// either end optional), turned into the ISO 8601 instants the service's filters take.

/** A parsed range; either end may be open. */
export type DateRange =
  { ok: true; start: string | undefined; end: string | undefined } | { ok: false; message: string };

const day = /^\d{4}-\d{2}-\d{2}$/;

function instant(text: string, endOfDay: boolean): string | undefined {
  if (!day.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== text) return undefined;
  return new Date(endOfDay ? ms + 86_400_000 - 1 : ms).toISOString();
}

/** Parses `from..to`, `from..`, `..to`, a single day, or nothing (no filter). */
export function parseDateRange(text: string): DateRange {
  const input = text.trim();
  if (input === '') return { ok: true, start: undefined, end: undefined };
  const [fromText = '', toText, extra] = input.includes('..')
    ? input.split('..').map((s) => s.trim())
    : [input, input];
  if (extra !== undefined) return { ok: false, message: 'Use one "..": from..to.' };
  const start = fromText === '' ? undefined : instant(fromText, false);
  const end = toText === undefined || toText === '' ? undefined : instant(toText, true);
  if (fromText !== '' && !start)
    return { ok: false, message: `"${fromText}" is not a date (YYYY-MM-DD).` };
  if (toText && !end) return { ok: false, message: `"${toText}" is not a date (YYYY-MM-DD).` };
  if (start && end && start > end)
    return { ok: false, message: 'The range ends before it starts.' };
  return { ok: true, start, end };
}

/** Parses object values for a map feature search: a comma list, `*` wildcards allowed. */
export function parseObjectValues(
  text: string,
): { ok: true; values: string[] } | { ok: false; message: string } {
  const values = text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const bad = values.find((v) => !/^[a-z0-9*_-]{1,120}$/i.test(v));
  if (bad !== undefined) {
    return {
      ok: false,
      message: `"${bad.slice(0, 40)}" is not an object value (letters, digits, - _ and *).`,
    };
  }
  return { ok: true, values };
}
