// The handlers of the export commands: each works out what to act on (tree node, map selection or
// typed ids), asks for what it still needs (format, size), and runs its job through runExport into
// the export folder. Output names are fixed per job and format, so running a command again after a
// cancellation or a failure resumes the same job.
import * as vscode from 'vscode';
import { runDownloadJob } from '../../core/export/downloadJob';
import { runDetectionsJob } from '../../core/export/detectionsJob';
import { type IdInput, idListInput } from '../../core/export/idInput';
import { runImagesJob } from '../../core/export/imagesJob';
import { type ExportJob, EXPORT_JOBS, downloadSize } from '../../core/export/jobCatalog';
import { runMapFeaturesJob } from '../../core/export/mapFeaturesJob';
import { DEFAULT_METADATA_COLUMNS, fieldsForColumns } from '../../core/export/metadataColumns';
import { runMetadataJob } from '../../core/export/metadataJob';
import { runSequencesJob } from '../../core/export/sequencesJob';
import { type MapillaryClient } from '../../core/api/mapillaryClient';
import { listingCost, listingCostText, needsConfirmation } from '../../shared/explorer/listingCost';
import { type SearchNode } from '../../shared/explorer/explorerNode';
import { idProblem } from '../../shared/ids';
import { type Logger } from '../../shared/logger';
import { type ServiceHost } from '../serviceHost';
import { confirmListing, confirmOverSetting } from '../tree/listingPrompt';
import { type ExportCommandId } from './exportCommandIds';
import { exportFolder } from './exportFolder';
import { runExport } from './exportRun';
import { type ExportTarget, askIds, pickArea, targetFromArgument } from './exportTarget';

/** What the export commands need from the rest of the extension. */
export interface ExportHost {
  services: ServiceHost;
  log: Logger;
  /** The image ids box-selected on the map (empty when none). */
  mapSelection: () => readonly string[];
  /** The ids of a search's results in the Explorer (none when it is gone). */
  searchIds?: (node: SearchNode) => readonly string[];
}

/** The job's choice: the one the target names, else the one the user picks. */
async function pick<V extends string>(
  job: ExportJob<V>,
  given: string | undefined,
): Promise<V | undefined> {
  const choice = job.choice;
  if (!choice) return undefined;
  const preset = choice.values.find((c) => c.value === given);
  if (preset) return preset.value;
  const chosen = await vscode.window.showQuickPick(
    choice.values.map((c) => ({ label: c.label, value: c.value })),
    { title: choice.title, ignoreFocusOut: true },
  );
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

/** Runs the export command `id` with the command's arguments. */
export async function runExportCommand(
  host: ExportHost,
  id: ExportCommandId,
  args: unknown[],
): Promise<void> {
  const target = targetFromArgument(args[0], host.searchIds);
  const client = await host.services.get();
  const folder = await exportFolder();
  if (!folder) return;
  const file = (name: string) => vscode.Uri.joinPath(folder.uri, name).fsPath;
  const { log } = host;
  switch (id) {
    case 'mapillary.export.sequences': {
      const job = EXPORT_JOBS.sequences;
      const typed =
        target.organizationId ??
        (await vscode.window.showInputBox({
          title: 'Organization id',
          prompt: 'The id of the organization whose sequences to export',
          ignoreFocusOut: true,
          validateInput: (v) => idProblem('organization', v.trim()),
        }));
      if (!typed) return;
      // The id names the output file: one given as a command argument is checked like a typed one.
      const problem = idProblem('organization', typed.trim());
      if (problem) {
        void vscode.window.showErrorMessage(`Mapillary: ${problem}`);
        return;
      }
      const area = await pickArea(target);
      if (!area) return;
      const owner = { organizationId: typed.trim() };
      // A listing that may be costly is asked for first, with what it may cost.
      const cost = listingCost(area, client.tiles.remainingTileBudget());
      if (
        needsConfirmation(cost, confirmOverSetting()) &&
        !(await confirmListing(listingCostText(cost, owner)))
      ) {
        return;
      }
      await runExport(job, client, log, folder, (context) =>
        runSequencesJob(context, { owner, area, output: file(job.output(undefined, owner)) }),
      );
      return;
    }
    case 'mapillary.export.images': {
      const job = EXPORT_JOBS.images;
      const sequences = target.sequenceIds?.length ? target.sequenceIds : await askIds('Sequence');
      if (!sequences) return;
      await runExport(job, client, log, folder, (context) =>
        runImagesJob(context, {
          input: idListInput(sequences, 'sequence'),
          output: file(job.output(undefined)),
        }),
      );
      return;
    }
    case 'mapillary.export.metadata': {
      const job = EXPORT_JOBS.metadata;
      const input = await imageIds(host, client, target);
      if (!input) return;
      const format = await pick(job, target.format);
      if (!format) return;
      const columns = target.fields?.length ? target.fields : [...DEFAULT_METADATA_COLUMNS];
      fieldsForColumns(columns);
      await runExport(job, client, log, folder, (context) =>
        runMetadataJob(context, {
          input,
          output: file(job.output(format)),
          columns,
          format,
        }),
      );
      return;
    }
    case 'mapillary.export.detections': {
      const job = EXPORT_JOBS.detections;
      const input = await imageIds(host, client, target);
      if (!input) return;
      const format = await pick(job, target.format);
      if (!format) return;
      await runExport(job, client, log, folder, (context) =>
        runDetectionsJob(context, { input, output: file(job.output(format)), format }),
      );
      return;
    }
    case 'mapillary.export.mapFeatures': {
      const job = EXPORT_JOBS.mapFeatures;
      const area = await pickArea(target);
      if (!area) return;
      const format = await pick(job, target.format);
      if (!format) return;
      await runExport(job, client, log, folder, (context) =>
        runMapFeaturesJob(context, {
          area,
          output: file(job.output(format)),
          format,
          ...(target.values?.length ? { values: target.values } : {}),
        }),
      );
      return;
    }
    case 'mapillary.export.download': {
      const job = EXPORT_JOBS.download;
      const input = await imageIds(host, client, target);
      if (!input) return;
      const size = await pick(job, target.size);
      if (!size) return;
      await runExport(job, client, log, folder, (context) =>
        runDownloadJob(context, {
          input,
          dir: file(job.output(size)),
          size: downloadSize(size),
        }),
      );
      return;
    }
  }
}
