// Reads the ids a job works on from a file: one id a line, or a CSV with a header such as the other
// jobs write (`org_id,seq_id`, `seq_id,img_id`, a metadata export). Lines that cannot be ids and ids
// seen before are left out and reported, never sent to the service; a CSV whose header has no
// column for the ids wanted is refused with a message that names the columns it needs.
import { isId } from '../../shared/ids';
import { parseCsvLine } from './csv';
import { JobError } from './jobErrors';
import { type SkippedItem } from './jobTypes';

/** What the input names: image ids or sequence keys. */
export type IdKind = 'image' | 'sequence';

/** The ids read from an input. */
export interface IdInput {
  /** Distinct, well-formed ids in input order. */
  ids: string[];
  /** The sequence of each image, when the input has a sequence column. */
  sequenceOf: Map<string, string>;
  /** Lines left out: malformed or duplicate ids. */
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

/** Parses an input's text; `source` names it in messages. */
export function parseIdInput(text: string, kind: IdKind, source = 'the input'): IdInput {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.trim());
  const firstIndex = lines.findIndex((line) => line !== '' && !line.startsWith('#'));
  const first = firstIndex >= 0 ? parseCsvLine(lines[firstIndex] ?? '') : [];
  let column = 0;
  let sequenceColumn = -1;
  let start = 0;
  if (first.length > 0 && isHeader(first)) {
    const header = first.map((cell) => cell.trim().toLowerCase());
    column = header.findIndex((cell) => COLUMNS[kind].includes(cell));
    // `id` alone is ambiguous in a file that also names another id column.
    const named = header.findIndex((cell) => COLUMNS[kind].slice(0, -1).includes(cell));
    if (named >= 0) column = named;
    if (column < 0) {
      throw new JobError(
        'input',
        `${source} has the header "${header.join(',')}" but no ${kind} id column: it needs one of ${COLUMNS[kind].join(', ')}.`,
      );
    }
    if (kind === 'image') sequenceColumn = header.findIndex((c) => SEQUENCE_COLUMNS.includes(c));
    start = firstIndex + 1;
  } else if (first.length > 1) {
    throw new JobError(
      'input',
      `${source} has several columns but no header: add a header line naming the ${kind} id column (${COLUMNS[kind].slice(0, 2).join(' or ')}).`,
    );
  }
  const ids: string[] = [];
  const seen = new Set<string>();
  const sequenceOf = new Map<string, string>();
  const skipped: SkippedItem[] = [];
  for (let n = start; n < lines.length; n++) {
    const line = lines[n] ?? '';
    if (line === '' || line.startsWith('#')) continue;
    const cells = parseCsvLine(line);
    const id = (cells[column] ?? '').trim();
    if (!isWellFormed(id, kind)) {
      skipped.push({ id: id || `line ${n + 1}`, reason: 'malformed id' });
      continue;
    }
    if (seen.has(id)) {
      skipped.push({ id, reason: 'duplicate' });
      continue;
    }
    seen.add(id);
    ids.push(id);
    const sequence = sequenceColumn >= 0 ? (cells[sequenceColumn] ?? '').trim() : '';
    if (sequence && isId('sequence', sequence)) sequenceOf.set(id, sequence);
  }
  return { ids, sequenceOf, skipped };
}

/** Ids given directly (e.g. a selection), checked like an input file's. */
export function idListInput(values: readonly string[], kind: IdKind): IdInput {
  return parseIdInput(values.join('\n'), kind);
}
