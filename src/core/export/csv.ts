// The little CSV the jobs read and write: comma separated, `\n` line ends, a cell quoted only when it
// holds a comma, a quote or a line break, so a file of plain ids stays a file of plain ids.
//
// Cells hold text from the service (makes, models, usernames, values, ids read from tiles) and from
// input files, and spreadsheets run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
// return as a formula. Such a cell is written with a leading `'`, which spreadsheets take as "this is
// text" and do not show; a plain number such as -12.5 is left as it is, so it stays a number.

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `text` made safe to open in a spreadsheet: a leading `'` when it could start a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The text {@link neutraliseFormula} was given, so our own CSVs read back as they were meant. */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** One cell, neutralised and quoted when it needs to be. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = neutraliseFormula(
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? value.toString()
        : JSON.stringify(value),
  );
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells, without the line end. */
export function csvLine(values: readonly unknown[]): string {
  return values.map(csvCell).join(',');
}

/** Splits one CSV record into cells, honouring quotes (see csvRecords for records over lines). */
export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
