// The language-model tools as features.js runs them: each input parsed against its schema (the host
// does not check it), the tool run on the shared client with the call's cancellation, and the
// outcome returned as one JSON text part. Failures come back as `{"error": "…"}` text that says what
// to do; cancellation is thrown as VS Code's CancellationError. The export asks for confirmation
// first, naming the file it will write.
import * as vscode from 'vscode';
import { GraphError } from '../../shared/api/graphError';
import { type Logger } from '../../shared/logger';
import { parseToolInput, type ToolInput } from '../../shared/lmTools/toolInputs';
import { type ToolName } from '../../shared/lmTools/toolNames';
import { JobError } from '../../core/export/jobErrors';
import { exportColumns, exportImagesTool, exportTarget } from '../../core/lmTools/exportImagesTool';
import { imagesLookingAtTool } from '../../core/lmTools/imagesLookingAtTool';
import { imageDetailsTool } from '../../core/lmTools/imageDetailsTool';
import { mapFeaturesInAreaTool } from '../../core/lmTools/mapFeaturesInAreaTool';
import { searchImagesTool } from '../../core/lmTools/searchImagesTool';
import { sequencesInAreaTool } from '../../core/lmTools/sequencesInAreaTool';
import { toolErrorText } from '../../core/lmTools/toolText';
import { type ServiceHost } from '../serviceHost';
import { exportDestination } from './exportDestination';
import { exportConfirmation } from './exportConfirmation';
import { type ToolHandlers } from './toolRegistration';

function textResult(value: unknown): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([
    new vscode.LanguageModelTextPart(JSON.stringify(value)),
  ]);
}

function isCancellation(error: unknown, token: vscode.CancellationToken): boolean {
  if (token.isCancellationRequested) return true;
  return (
    (error instanceof GraphError && error.kind === 'cancelled') ||
    (error instanceof JobError && error.kind === 'cancelled')
  );
}

const PROGRESS: Record<ToolName, string> = {
  mapillary_searchImages: 'Searching Mapillary images',
  mapillary_imageDetails: 'Reading Mapillary images',
  mapillary_sequencesInArea: 'Listing Mapillary sequences',
  mapillary_mapFeaturesInArea: 'Searching Mapillary map features',
  mapillary_exportImages: 'Exporting Mapillary metadata',
  mapillary_imagesLookingAt: 'Finding Mapillary images looking at the place',
};

const EXPORT_PROGRESS = {
  metadata: 'Exporting Mapillary metadata',
  detections: 'Exporting Mapillary detections',
  downloads: 'Downloading Mapillary images',
} as const;

/** Creates the tools' handlers on the extension's services. */
export function createToolFeature(services: ServiceHost, log: Logger): ToolHandlers {
  const run = async (
    name: ToolName,
    input: ToolInput<ToolName>,
    signal: AbortSignal,
  ): Promise<unknown> => {
    const client = await services.get();
    switch (name) {
      case 'mapillary_searchImages':
        return searchImagesTool(client.api, input as ToolInput<typeof name>, signal);
      case 'mapillary_imageDetails':
        return imageDetailsTool(client.api, input as ToolInput<typeof name>, signal);
      case 'mapillary_sequencesInArea':
        return sequencesInAreaTool(client.tiles, input as ToolInput<typeof name>, signal);
      case 'mapillary_mapFeaturesInArea':
        return mapFeaturesInAreaTool(client.api, input as ToolInput<typeof name>, signal);
      case 'mapillary_imagesLookingAt':
        return imagesLookingAtTool(client.api, input as ToolInput<typeof name>, signal);
      case 'mapillary_exportImages': {
        const exportInput = input as ToolInput<typeof name>;
        const target = exportTarget(exportInput);
        const destination = exportDestination(target.name);
        if (!destination.ok) return { error: destination.message };
        const { result, outputWritten } = await exportImagesTool(
          { api: client.api, tiles: client.tiles, signal },
          exportInput,
          destination.file,
        );
        if (!outputWritten) return result;
        return target.kind === 'directory'
          ? {
              folder: destination.relative,
              manifest: `${destination.relative}/manifest.csv`,
              ...result,
            }
          : { file: destination.relative, ...result };
      }
    }
  };

  return {
    async invoke(name, rawInput, token) {
      const parsed = parseToolInput(name, rawInput);
      if (!parsed.ok) return textResult({ error: parsed.message });
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        if (token.isCancellationRequested) throw new vscode.CancellationError();
        const value = await run(name, parsed.value, controller.signal);
        if (token.isCancellationRequested) throw new vscode.CancellationError();
        return textResult(value);
      } catch (error) {
        if (error instanceof vscode.CancellationError || isCancellation(error, token)) {
          throw new vscode.CancellationError();
        }
        const text = toolErrorText(error);
        log.warn(`${name} failed: ${text}`);
        return textResult({ error: text });
      } finally {
        subscription.dispose();
      }
    },

    prepare(name, rawInput) {
      const invocationMessage = PROGRESS[name];
      if (name !== 'mapillary_exportImages') return Promise.resolve({ invocationMessage });
      // Nothing is written for an input that does not parse, so it needs no confirmation: the
      // invocation returns the problem instead.
      const parsed = parseToolInput(name, rawInput);
      if (!parsed.ok) return Promise.resolve({ invocationMessage });
      const target = exportTarget(parsed.value);
      let columns: string[] | undefined;
      try {
        columns = target.content === 'metadata' ? exportColumns(parsed.value) : undefined;
      } catch {
        return Promise.resolve({ invocationMessage });
      }
      const destination = exportDestination(target.name);
      if (!destination.ok) return Promise.resolve({ invocationMessage });
      return Promise.resolve({
        invocationMessage: `${EXPORT_PROGRESS[target.content]} to ${destination.relative}`,
        confirmationMessages: exportConfirmation(parsed.value, target, columns, destination),
      });
    },
  };
}
