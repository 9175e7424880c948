// The confirmation mapillary_exportImages asks for: what will be written (which images; their
// metadata with its columns and format, their detections, or their pictures at a size) and where
// (the file or folder, relative to the named workspace folder), and what happens to what is there.
import * as vscode from 'vscode';
import { escapeMarkdown } from '../../shared/explorer/imageFacts';
import { toolArea } from '../../shared/lmTools/toolSchemaParts';
import { type ToolInput } from '../../shared/lmTools/toolInputs';
import { type ExportTarget } from '../../core/lmTools/exportImagesTool';
import { type ExportDestination } from './exportDestination';

function describeSearch(
  search: NonNullable<ToolInput<'mapillary_exportImages'>['search']>,
  max: number,
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
  return `the images found in ${area}${filters.length ? ` (${filters.join(', ')})` : ''}, at most ${max.toLocaleString('en')}`;
}

const FORMAT_NAMES: Record<string, string> = {
  csv: 'CSV',
  geojson: 'GeoJSON',
  jsonl: 'JSON lines',
  gpkg: 'GeoPackage',
  fgb: 'FlatGeobuf',
  parquet: 'GeoParquet',
  coco: 'COCO annotation JSON',
};

const TITLES = {
  metadata: 'Export Mapillary metadata',
  detections: 'Export Mapillary detections',
  downloads: 'Download Mapillary images',
} as const;

/** The confirmation's title and message. */
export function exportConfirmation(
  input: ToolInput<'mapillary_exportImages'>,
  target: ExportTarget,
  columns: readonly string[] | undefined,
  destination: Extract<ExportDestination, { ok: true }>,
): vscode.LanguageModelToolConfirmationMessages {
  const images = input.imageIds
    ? `**${input.imageIds.length} image${input.imageIds.length === 1 ? '' : 's'}**`
    : input.search
      ? describeSearch(input.search, target.content === 'downloads' ? 1_000 : 10_000)
      : 'the images';
  const where = `in the workspace folder **${escapeMarkdown(destination.workspace)}**`;
  const format = FORMAT_NAMES[target.format ?? ''] ?? target.format ?? '';
  let text: string;
  if (target.content === 'downloads') {
    const size = input.size === 'original' ? 'their original size' : `${input.size ?? '1024'} px`;
    text =
      `Download the pictures of ${images} at **${size}** into the folder \`${destination.relative}/\` ${where}?\n\n` +
      'Each picture is saved as `<sequence>/<image>_<size>.jpg`, and `manifest.csv` lists every file with its size and SHA-256. Pictures already there are kept.';
  } else if (target.content === 'detections') {
    text =
      `Write the detections of ${images} as **${format}** to \`${destination.relative}\` ${where}?\n\n` +
      'Each detection is written with its value and its outline in the picture. A file of that name is replaced.';
  } else {
    text =
      `Write the metadata of ${images} as **${format}** to \`${destination.relative}\` ${where}?\n\n` +
      `Columns: ${(columns ?? []).map((c) => `\`${c}\``).join(', ')}.` +
      (target.format === 'gpkg'
        ? ' Layers: `images` (original positions), `images_computed` (computed positions) and `sequences` (lines through the images).'
        : '') +
      '\n\nA file of that name is replaced.';
  }
  return { title: TITLES[target.content], message: new vscode.MarkdownString(text) };
}
