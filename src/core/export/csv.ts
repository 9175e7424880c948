// The little CSV the jobs read and write: comma separated, `\n` line ends, a cell quoted only when it
// holds a comma, a quote or a line break, so a file of plain ids stays a file of plain ids.

/** One cell, quoted when it needs to be. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? value.toString()
        : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells, without the line end. */
export function csvLine(values: readonly unknown[]): string {
  return values.map(csvCell).join(',');
}

/** Splits one CSV line into cells, honouring quotes (a quoted cell cannot span lines here). */
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
