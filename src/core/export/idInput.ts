// Reads the ids a job works on from a file: one id a line, or a CSV with a header such as the other
// jobs write (`org_id,seq_id`, `seq_id,img_id`, a metadata export, whose quoted cells may span lines).
// Lines that cannot be ids and ids seen before are left out and reported, never sent to the service;
// a CSV whose header has no column for the ids wanted is refused with a message that names the
// columns it needs. Files are read as a stream with every record bounded, so a hostile input (one
// 200 MB line) costs bounded memory and one line in the skipped list.
import { createReadStream } from 'node:fs';
import { isId } from '../../shared/ids';
import { restoreFormula } from './csv';
import { type CsvRecord, CsvRecordReader, MAX_RECORD_CHARS } from './csvRecords';
import { JobError } from './jobErrors';
import { type SkippedItem, shortText } from './jobTypes';

/** What the input names: image ids or sequence keys. */
export type IdKind = 'image' | 'sequence';

/** The ids read from an input. */
export interface IdInput {
  /** Distinct, well-formed ids in input order. */
  ids: string[];
  /** The sequence of each image, when the input has a sequence column. */
  sequenceOf: Map<string, string>;
  /** Lines left out: malformed, duplicate or overlong. */
  skipped: SkippedItem[];
}

const COLUMNS: Record<IdKind, readonly string[]> = {
  image: ['img_id', 'image_id', 'id'],
  sequence: ['seq_id', 'sequence_id', 'sequence', 'id'],
};
const SEQUENCE_COLUMNS = ['seq_id', 'sequence_id', 'sequence'];
const KNOWN_HEADERS = new Set([
  'org_id',
  'organization_id',
  'seq_id',
  'sequence_id',
  'sequence',
  'img_id',
  'image_id',
  'id',
]);

/** Whether `id` is well formed for its kind: image ids are digits, sequence keys id characters. */
export function isWellFormed(id: string, kind: IdKind): boolean {
  return isId(kind, id);
}

function isHeader(cells: string[]): boolean {
  return cells.some((cell) => KNOWN_HEADERS.has(cell.trim().toLowerCase()));
}

/** Reads an input's records as they arrive; `source` names it in messages. */
export class IdInputReader {
  private readonly records: CsvRecordReader;
  private readonly ids: string[] = [];
  private readonly seen = new Set<string>();
  private readonly sequenceOf = new Map<string, string>();
  private readonly skipped: SkippedItem[] = [];
  /** The id column, once the first record told whether there is a header. */
  private column: number | undefined;
  private sequenceColumn = -1;
  private started = false;

  constructor(
    private readonly kind: IdKind,
    private readonly source = 'the input',
  ) {
    this.records = new CsvRecordReader(MAX_RECORD_CHARS);
  }

  /** Takes the next piece of the input; throws a {@link JobError} for a header without an id column. */
  push(text: string): void {
    const piece = this.started ? text : text.replace(/^\uFEFF/, '');
    this.started = true;
    for (const record of this.records.push(piece)) this.take(record);
  }

  /** Ends the input and returns the ids. */
  end(): IdInput {
    for (const record of this.records.end()) this.take(record);
    return { ids: this.ids, sequenceOf: this.sequenceOf, skipped: this.skipped };
  }

  private take(record: CsvRecord): void {
    if (record.kind === 'overlong') {
      this.skipped.push({
        id: `line ${record.line}`,
        reason: `line longer than ${MAX_RECORD_CHARS} characters`,
      });
      return;
    }
    const cells = record.cells.map((cell) => cell.trim());
    if ((cells.length === 1 && cells[0] === '') || cells[0]?.startsWith('#')) return;
    if (this.column === undefined) {
      this.column = this.firstRecord(cells);
      if (this.column >= 0) return;
      this.column = 0;
    }
    const id = restoreFormula(cells[this.column] ?? '');
    if (!isWellFormed(id, this.kind)) {
      this.skipped.push({ id: shortText(id) || `line ${record.line}`, reason: 'malformed id' });
      return;
    }
    if (this.seen.has(id)) {
      this.skipped.push({ id, reason: 'duplicate' });
      return;
    }
    this.seen.add(id);
    this.ids.push(id);
    const sequence = restoreFormula(
      this.sequenceColumn >= 0 ? (cells[this.sequenceColumn] ?? '') : '',
    );
    if (sequence && isId('sequence', sequence)) this.sequenceOf.set(id, sequence);
  }

  /** The id column named by a header, or -1 when the first record is data. */
  private firstRecord(cells: string[]): number {
    const { kind, source } = this;
    if (!isHeader(cells)) {
      if (cells.length > 1) {
        throw new JobError(
          'input',
          `${source} has several columns but no header: add a header line naming the ${kind} id column (${COLUMNS[kind].slice(0, 2).join(' or ')}).`,
        );
      }
      return -1;
    }
    const header = cells.map((cell) => cell.toLowerCase());
    let column = header.findIndex((cell) => COLUMNS[kind].includes(cell));
    // `id` alone is ambiguous in a file that also names another id column.
    const named = header.findIndex((cell) => COLUMNS[kind].slice(0, -1).includes(cell));
    if (named >= 0) column = named;
    if (column < 0) {
      throw new JobError(
        'input',
        `${source} has the header "${shortText(header.join(','))}" but no ${kind} id column: it needs one of ${COLUMNS[kind].join(', ')}.`,
      );
    }
    if (kind === 'image')
      this.sequenceColumn = header.findIndex((c) => SEQUENCE_COLUMNS.includes(c));
    return column;
  }
}

/** Parses an input's text; `source` names it in messages. */
export function parseIdInput(text: string, kind: IdKind, source = 'the input'): IdInput {
  const reader = new IdInputReader(kind, source);
  reader.push(text);
  return reader.end();
}

/** Reads an input file as a stream; file-system errors are thrown as they are. */
export async function readIdInputFile(file: string, kind: IdKind, source = file): Promise<IdInput> {
  const reader = new IdInputReader(kind, source);
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  try {
    for await (const piece of stream) reader.push(piece as string);
  } finally {
    stream.destroy();
  }
  return reader.end();
}

/** Ids given directly (e.g. a selection), checked like an input file's. */
export function idListInput(values: readonly string[], kind: IdKind): IdInput {
  return parseIdInput(values.join('\n'), kind);
}
