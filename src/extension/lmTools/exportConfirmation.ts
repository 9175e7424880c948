// The confirmation mapillary_exportImages asks for: what will be written (which images, which
// columns, which format) and where (the file, relative to the named workspace folder), and that a
// file of that name is replaced.
import * as vscode from 'vscode';
import { escapeMarkdown } from '../../shared/explorer/imageFacts';
import { toolArea } from '../../shared/lmTools/toolSchemaParts';
import { type ToolInput } from '../../shared/lmTools/toolInputs';
import { type ExportDestination } from './exportDestination';

const FORMAT_NAMES = { csv: 'CSV', geojson: 'GeoJSON', jsonl: 'JSON lines' } as const;

function describeSearch(
  search: NonNullable<ToolInput<'mapillary_exportImages'>['search']>,
): string {
  const filters = [
    search.startDate || search.endDate
      ? `captured ${search.startDate ?? '…'} to ${search.endDate ?? '…'}`
      : undefined,
    search.isPano === undefined ? undefined : search.isPano ? 'panoramas only' : 'no panoramas',
    search.organizationId ? `organization ${search.organizationId}` : undefined,
    search.creatorUsername ? `creator ${escapeMarkdown(search.creatorUsername)}` : undefined,
  ].filter(Boolean);
  const area = search.area.bbox
    ? `the area \`${search.area.bbox.join(', ')}\``
    : `the ${search.area.geometry?.type === 'MultiPolygon' ? 'polygons' : 'polygon'} given (extent \`${toolArea(
        search.area,
      )
        .bbox.map((n) => Number(n.toFixed(6)))
        .join(', ')}\`)`;
  return `the images found in ${area}${filters.length ? ` (${filters.join(', ')})` : ''}, at most 10,000`;
}

/** The confirmation's title and message. */
export function exportConfirmation(
  input: ToolInput<'mapillary_exportImages'>,
  columns: readonly string[],
  destination: Extract<ExportDestination, { ok: true }>,
): vscode.LanguageModelToolConfirmationMessages {
  const what = input.imageIds
    ? `the metadata of **${input.imageIds.length} image${input.imageIds.length === 1 ? '' : 's'}**`
    : `the metadata of ${input.search ? describeSearch(input.search) : 'the images'}`;
  const message = new vscode.MarkdownString(
    `Write ${what} as **${FORMAT_NAMES[input.format]}** to \`${destination.relative}\` in the workspace folder **${escapeMarkdown(destination.workspace)}**?\n\n` +
      `Columns: ${columns.map((c) => `\`${c}\``).join(', ')}.\n\nA file of that name is replaced.`,
  );
  return { title: 'Export Mapillary metadata', message };
}
