// Ids in CSV and TSV text: the first row is read as the header, each column is given a meaning from
// its name (see idNames), and only the cells of id columns are offered. Cells are read as RFC 4180
// says (quoted fields, doubled quotes, line breaks inside quotes), with their exact offsets, so a
// quoted id is found inside its quotes and a comma inside quotes never shifts the columns.
import { type DetectedId, type DetectLimits, DEFAULT_DETECT_LIMITS } from './detectedId';
import { type NameMeaning, meaningIn, recordContext } from './idNames';
import { isLikelyId } from './idRule';

/** One cell: its row and column, and the range of its content (quotes and padding excluded). */
export interface CsvCell {
  row: number;
  column: number;
  start: number;
  end: number;
}

const CANDIDATE_DELIMITERS = [',', '\t', ';', '|'];

/** The delimiter of a header line: the candidate that occurs most often outside quotes. */
export function sniffDelimiter(headerLine: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && CANDIDATE_DELIMITERS.includes(ch))
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [ch, count] of counts) {
    if (count > bestCount) {
      best = ch;
      bestCount = count;
    }
  }
  return best;
}

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\r';
}

/**
 * Calls `visit` for every cell from `from` on, rows counted from 0; stops when `visit` returns
 * false. Blank lines are rows without cells.
 */
export function forEachCsvCell(
  text: string,
  delimiter: string,
  from: number,
  visit: (cell: CsvCell) => boolean,
): void {
  let row = 0;
  let column = 0;
  let i = from;
  const n = text.length;
  while (i < n) {
    if (text[i] === '\n') {
      row += 1;
      column = 0;
      i += 1;
      continue;
    }
    let start = i;
    let end: number;
    while (start < n && isBlank(text[start])) start += 1;
    if (text[start] === '"') {
      // A quoted field runs to the next quote not doubled.
      const contentStart = start + 1;
      let j = contentStart;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          j = n;
          break;
        }
        if (text[q + 1] === '"') {
          j = q + 2;
          continue;
        }
        j = q;
        break;
      }
      start = contentStart;
      end = j;
      i = Math.min(n, j + 1);
      // Whatever follows the closing quote up to the delimiter is ignored, as lenient readers do.
      while (i < n && text[i] !== delimiter && text[i] !== '\n') i += 1;
    } else {
      let j = start;
      while (j < n && text[j] !== delimiter && text[j] !== '\n') j += 1;
      end = j;
      while (end > start && isBlank(text[end - 1])) end -= 1;
      i = j;
    }
    if (!visit({ row, column, start, end })) return;
    if (text[i] === delimiter) {
      column += 1;
      i += 1;
      // A delimiter at the end of a line leaves one more, empty, cell.
      if (i >= n || text[i] === '\n') {
        if (!visit({ row, column, start: i, end: i })) return;
      }
    }
  }
}

/** The offset of the header line: the first line that is neither blank nor a `#` comment. */
function headerOffset(text: string): number {
  let offset = 0;
  while (offset < text.length) {
    const lineEnd = text.indexOf('\n', offset);
    const line = text.slice(offset, lineEnd < 0 ? text.length : lineEnd);
    if (line.trim() !== '' && !line.trimStart().startsWith('#')) return offset;
    if (lineEnd < 0) break;
    offset = lineEnd + 1;
  }
  return -1;
}

/** The ids in the id columns of a CSV (or TSV, with `delimiter` a tab) text. */
export function detectCsvIds(
  text: string,
  delimiter?: string,
  limits: DetectLimits = DEFAULT_DETECT_LIMITS,
): DetectedId[] {
  const start = headerOffset(text);
  if (start < 0) return [];
  const firstLineEnd = text.indexOf('\n', start);
  const delim =
    delimiter ?? sniffDelimiter(text.slice(start, firstLineEnd < 0 ? text.length : firstLineEnd));
  const header: string[] = [];
  forEachCsvCell(text, delim, start, (cell) => {
    if (cell.row > 0) return false;
    header.push(text.slice(cell.start, cell.end));
    return true;
  });
  const context = recordContext(header);
  const meanings: (NameMeaning | undefined)[] = header.map((name) => {
    const meaning = meaningIn(name, context);
    // A cell holds one value: a plural column name is read as naming one id per cell.
    return meaning ? { kind: meaning.kind, plural: false } : undefined;
  });
  if (!meanings.some(Boolean)) return [];
  const found: DetectedId[] = [];
  forEachCsvCell(text, delim, start, (cell) => {
    if (cell.row === 0) return true;
    const meaning = meanings[cell.column];
    if (!meaning || cell.end <= cell.start) return true;
    const value = text.slice(cell.start, cell.end);
    if (isLikelyId(meaning.kind, value)) {
      found.push({
        kind: meaning.kind,
        id: value,
        start: cell.start,
        end: cell.end,
        via: 'column',
      });
    }
    return found.length < limits.maxIds;
  });
  return found;
}
