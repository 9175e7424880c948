// Reads CSV records from text that arrives in pieces (a file stream), with bounded memory. A quoted
// cell may hold line breaks, as our own exports write them, so a record can span lines; but no record
// is kept beyond a size limit. A line longer than the limit is dropped as it streams past (a 200 MB
// line costs the limit, not 200 MB) and reported as one overlong record. A quote that opens and
// never closes within the limit is taken as a stray character: its first line stands alone, and
// reading resumes on the next line, so one bad quote cannot swallow the rest of the file.
import { parseCsvLine } from './csv';

/** One record: its cells, or the mark of a line that was too long to keep. */
export type CsvRecord =
  | { kind: 'cells'; cells: string[]; /** 1-based line where the record starts. */ line: number }
  | { kind: 'overlong'; line: number };

/** Characters a record may hold (default of {@link CsvRecordReader}). */
export const MAX_RECORD_CHARS = 1024 * 1024;

/** `text` without the `\r` of a `\r\n` line end (outside quotes, where it ends a record). */
function withoutCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/** Whether `text` ends inside a quoted cell. */
function endsQuoted(text: string): boolean {
  let quoted = false;
  let cellStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"' && cellStart) quoted = true;
    else cellStart = c === ',' || c === '\n';
    if (quoted) cellStart = false;
  }
  return quoted;
}

/** Splits streamed text into CSV records; see the file comment. */
export class CsvRecordReader {
  private partial = '';
  /** The line being skipped because it grew past the limit, if any. */
  private skippingLine: number | undefined;
  private lineNumber = 0;
  private pending: { lines: string[]; start: number; chars: number } | undefined;
  private readonly out: CsvRecord[] = [];

  constructor(private readonly maxChars = MAX_RECORD_CHARS) {}

  /** Takes the next piece of text and returns the records it completed. */
  push(text: string): CsvRecord[] {
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      const piece = text.slice(start, newline < 0 ? undefined : newline);
      if (this.skippingLine === undefined) {
        if (this.partial.length + piece.length > this.maxChars) {
          this.lineNumber += 1;
          this.skippingLine = this.lineNumber;
          this.partial = '';
        } else {
          this.partial += piece;
        }
      }
      if (newline < 0) break;
      if (this.skippingLine !== undefined) {
        this.overlong(this.skippingLine);
        this.skippingLine = undefined;
      } else {
        this.lineNumber += 1;
        this.line(this.partial, this.lineNumber);
      }
      this.partial = '';
      start = newline + 1;
    }
    return this.out.splice(0);
  }

  /** Ends the text and returns the last records. */
  end(): CsvRecord[] {
    if (this.skippingLine !== undefined) this.overlong(this.skippingLine);
    else if (this.partial !== '') this.line(this.partial, this.lineNumber + 1);
    this.skippingLine = undefined;
    this.partial = '';
    while (this.pending) this.flushPending();
    return this.out.splice(0);
  }

  private overlong(line: number): void {
    // A quoted cell cannot span an overlong line: what was waiting for its quote stands alone.
    while (this.pending) this.flushPending();
    this.out.push({ kind: 'overlong', line });
  }

  /** Takes one line (its `\r\n` line end's `\r` still on it, as it may lie inside quotes). */
  private line(text: string, number: number): void {
    if (!this.pending) {
      if (!endsQuoted(text)) {
        this.out.push({ kind: 'cells', cells: parseCsvLine(withoutCr(text)), line: number });
        return;
      }
      this.pending = { lines: [text], start: number, chars: text.length };
      return;
    }
    const pending = this.pending;
    pending.lines.push(text);
    pending.chars += text.length + 1;
    const joined = pending.lines.join('\n');
    if (!endsQuoted(joined)) {
      this.pending = undefined;
      this.out.push({ kind: 'cells', cells: parseCsvLine(withoutCr(joined)), line: pending.start });
    } else if (pending.chars > this.maxChars) {
      this.flushPending();
    }
  }

  /** Gives up on a record whose quote never closed: its first line stands alone, the rest is re-read. */
  private flushPending(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    const [first, ...rest] = pending.lines;
    this.out.push({
      kind: 'cells',
      cells: parseCsvLine(withoutCr(first ?? '')),
      line: pending.start,
    });
    rest.forEach((text, i) => this.line(text, pending.start + 1 + i));
  }
}
