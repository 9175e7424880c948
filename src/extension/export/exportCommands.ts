// The handlers of the export commands: each works out what to act on (tree node, map selection or
// typed ids), asks for what it still needs (format, size), and runs its job through runExport into
// the export folder. Output names are fixed per job and format, so running a command again after a
// cancellation or a failure resumes the same job.
import * as vscode from 'vscode';
import { DOWNLOAD_SIZES, runDownloadJob } from '../../core/export/downloadJob';
import { type DetectionFormat } from '../../core/export/detectionFormats';
import { runDetectionsJob } from '../../core/export/detectionsJob';
import { type IdInput, idListInput } from '../../core/export/idInput';
import { runImagesJob } from '../../core/export/imagesJob';
import { runMapFeaturesJob } from '../../core/export/mapFeaturesJob';
import { DEFAULT_METADATA_COLUMNS, fieldsForColumns } from '../../core/export/metadataColumns';
import { type MetadataFormat, runMetadataJob } from '../../core/export/metadataJob';
import { runSequencesJob } from '../../core/export/sequencesJob';
import { type ThumbnailSize } from '../../core/api/thumbnails';
import { type MapillaryClient } from '../../core/api/mapillaryClient';
import { idProblem } from '../../shared/ids';
import { type Logger } from '../../shared/logger';
import { type ServiceHost } from '../serviceHost';
import { type ExportCommandId } from './exportCommandIds';
import { exportFolder, runExport } from './exportRun';
import { type ExportTarget, askIds, pickArea, targetFromArgument } from './exportTarget';

/** What the export commands need from the rest of the extension. */
export interface ExportHost {
  services: ServiceHost;
  log: Logger;
  /** The image ids box-selected on the map (empty when none). */
  mapSelection: () => readonly string[];
}

async function pick<T extends string>(
  title: string,
  choices: readonly { label: string; value: T }[],
  given: string | undefined,
): Promise<T | undefined> {
  const preset = choices.find((c) => c.value === given);
  if (preset) return preset.value;
  const chosen = await vscode.window.showQuickPick(choices, { title, ignoreFocusOut: true });
  return chosen?.value;
}

async function imageIds(
  host: ExportHost,
  client: MapillaryClient,
  target: ExportTarget,
): Promise<IdInput | undefined> {
  if (target.imageIds?.length) return idListInput(target.imageIds, 'image');
  if (target.sequenceIds?.length) {
    const ids: string[] = [];
    for (const sequence of target.sequenceIds)
      ids.push(...(await client.api.getImageIds(sequence)));
    return idListInput(ids, 'image');
  }
  const selected = host.mapSelection();
  if (selected.length > 0) return idListInput([...selected], 'image');
  const typed = await askIds('Image');
  return typed ? idListInput(typed, 'image') : undefined;
}

const file = (folder: vscode.Uri, name: string) => vscode.Uri.joinPath(folder, name).fsPath;

/** Runs the export command `id` with the command's arguments. */
export async function runExportCommand(
  host: ExportHost,
  id: ExportCommandId,
  args: unknown[],
): Promise<void> {
  const target = targetFromArgument(args[0]);
  const client = await host.services.get();
  const folder = await exportFolder();
  if (!folder) return;
  const { log } = host;
  switch (id) {
    case 'mapillary.export.sequences': {
      const organizationId =
        target.organizationId ??
        (await vscode.window.showInputBox({
          title: 'Organization id',
          prompt: 'The id of the organization whose sequences to export',
          ignoreFocusOut: true,
          validateInput: (v) => idProblem('organization', v.trim()),
        }));
      if (!organizationId) return;
      const bbox = await pickArea(target);
      if (!bbox) return;
      await runExport('Export Sequences', client, log, (context) =>
        runSequencesJob(context, {
          owner: { organizationId: organizationId.trim() },
          bbox,
          output: file(folder, `sequences-${organizationId.trim()}.csv`),
        }),
      );
      return;
    }
    case 'mapillary.export.images': {
      const sequences = target.sequenceIds?.length ? target.sequenceIds : await askIds('Sequence');
      if (!sequences) return;
      await runExport('Export Images', client, log, (context) =>
        runImagesJob(context, {
          input: idListInput(sequences, 'sequence'),
          output: file(folder, 'images.csv'),
        }),
      );
      return;
    }
    case 'mapillary.export.metadata': {
      const input = await imageIds(host, client, target);
      if (!input) return;
      const format = await pick<MetadataFormat>(
        'Metadata format',
        [
          { label: 'CSV', value: 'csv' },
          { label: 'GeoJSON', value: 'geojson' },
          { label: 'JSON lines', value: 'jsonl' },
        ],
        target.format,
      );
      if (!format) return;
      const columns = target.fields?.length ? target.fields : [...DEFAULT_METADATA_COLUMNS];
      fieldsForColumns(columns);
      await runExport('Export Metadata', client, log, (context) =>
        runMetadataJob(context, {
          input,
          output: file(folder, `metadata.${format}`),
          columns,
          format,
        }),
      );
      return;
    }
    case 'mapillary.export.detections': {
      const input = await imageIds(host, client, target);
      if (!input) return;
      const format = await pick<DetectionFormat>(
        'Detections format',
        [
          { label: 'GeoJSON (normalised image coordinates)', value: 'geojson' },
          { label: 'COCO annotations (pixels)', value: 'coco' },
        ],
        target.format,
      );
      if (!format) return;
      await runExport('Export Detections', client, log, (context) =>
        runDetectionsJob(context, {
          input,
          output: file(folder, format === 'coco' ? 'detections.coco.json' : 'detections.geojson'),
          format,
        }),
      );
      return;
    }
    case 'mapillary.export.mapFeatures': {
      const bbox = await pickArea(target);
      if (!bbox) return;
      await runExport('Export Map Features', client, log, (context) =>
        runMapFeaturesJob(context, { bbox, output: file(folder, 'map-features.geojson') }),
      );
      return;
    }
    case 'mapillary.export.download': {
      const input = await imageIds(host, client, target);
      if (!input) return;
      const sizeText = await pick(
        'Picture size',
        DOWNLOAD_SIZES.map((s) => ({
          label: s === 'original' ? 'Original' : `${s} px`,
          value: String(s),
        })),
        target.size,
      );
      if (!sizeText) return;
      const size = DOWNLOAD_SIZES.find((s) => String(s) === sizeText) as ThumbnailSize;
      await runExport('Download Images', client, log, (context) =>
        runDownloadJob(context, { input, dir: file(folder, 'images'), size }),
      );
      return;
    }
  }
}
