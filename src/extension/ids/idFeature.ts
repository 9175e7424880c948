// The id hovers' half that lives in features.js: the lookup service on the extension's client, and
// the hover's actions. "Open" runs the Open Image command (the image's fields and its place in the
// Explorer); "Show on Map" hands the Explorer's Show on Map an image or map feature item built from
// what the hover read; "Copy Embed" copies the iframe snippet. The service is rebuilt when the API
// settings change, so answers from one service are never shown for another.
import * as vscode from 'vscode';
import { IdLookupService } from '../../core/idLookup/idLookupService';
import { LookupCancelledError } from '../../shared/idDetect/batchLookup';
import { type IdDescription } from '../../shared/idDetect/idDescription';
import { type DetectedKind, KIND_NAMES } from '../../shared/idDetect/idRule';
import { embedSnippet } from '../../shared/explorer/embedSnippet';
import { type Logger } from '../../shared/logger';
import { redact } from '../../shared/redact';
import { type ServiceHost } from '../serviceHost';
import { type IdCommand, type IdHandlers } from './idProviders';

/** The hovers' lookup and actions, with a dispose. */
export interface IdFeature extends IdHandlers, vscode.Disposable {
  /** The current lookup service (for its counters). */
  service(): IdLookupService;
}

/** A point as the Explorer's items carry it. */
function point(position: [number, number]) {
  return { type: 'Point', coordinates: position };
}

/** Creates the feature on the extension's services. */
export function createIdFeature(services: ServiceHost, log: Logger): IdFeature {
  const create = () => new IdLookupService({ api: async () => (await services.get()).api });
  let service = create();
  const subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('mapillary.api')) service = create();
  });

  const describe = async (
    kind: DetectedKind,
    id: string,
    options: { signal?: AbortSignal; alongWith?: readonly string[] } = {},
  ): Promise<IdDescription | undefined> => {
    try {
      return await service.describe(kind, id, options);
    } catch (error) {
      if (error instanceof LookupCancelledError) return undefined;
      throw error;
    }
  };

  const explain = (description: IdDescription | undefined): boolean => {
    if (!description || description.status === 'found') return true;
    const what = `Mapillary ${KIND_NAMES[description.kind]} ${description.id}`;
    void vscode.window.showWarningMessage(
      description.status === 'missing'
        ? `${what} does not exist, or you may not see it.`
        : `${what}: ${description.message}`,
    );
    return false;
  };

  const run = async (command: IdCommand, kind: DetectedKind, id: string): Promise<void> => {
    if (command === 'open' && kind === 'image') {
      await vscode.commands.executeCommand('mapillary.explorer.openImage', id);
      return;
    }
    if (command === 'open' && kind === 'mapFeature') {
      const url = `https://www.mapillary.com/app/?mapFeatureKey=${encodeURIComponent(id)}`;
      await vscode.env.openExternal(vscode.Uri.parse(url));
      return;
    }
    const description = await describe(kind, id);
    if (!description || !explain(description) || description.status !== 'found') return;
    const image =
      description.kind === 'image'
        ? description.image
        : description.kind === 'sequence'
          ? description.sequence.firstImage
          : undefined;
    if (command === 'open' || command === 'copyEmbed') {
      if (!image) {
        void vscode.window.showWarningMessage(
          `Mapillary: no image of ${KIND_NAMES[kind]} ${id} could be read.`,
        );
        return;
      }
      if (command === 'open') {
        await vscode.commands.executeCommand('mapillary.explorer.openImage', image.id);
        return;
      }
      await vscode.env.clipboard.writeText(embedSnippet(image.id, 'photo'));
      vscode.window.setStatusBarMessage(`Copied the embed snippet of image ${image.id}`, 3000);
      return;
    }
    const position =
      description.kind === 'mapFeature' ? description.feature.position : image?.position;
    if (!position) {
      void vscode.window.showInformationMessage(
        `Mapillary: ${KIND_NAMES[kind]} ${id} has no position.`,
      );
      return;
    }
    // The Explorer's Show on Map takes one of its items; these carry what it reads of one.
    const item =
      description.kind === 'mapFeature'
        ? {
            key: `ids:mapFeature:${id}`,
            kind: 'mapFeature',
            parent: undefined,
            feature: { id, geometry: point(position) },
          }
        : {
            key: `ids:image:${image?.id ?? id}`,
            kind: 'image',
            parent: undefined,
            image: { id: image?.id ?? id, geometry: point(position), sequence: image?.sequenceId },
          };
    await vscode.commands.executeCommand('mapillary.explorer.showOnMap', item);
  };

  return {
    describe: (kind, id, options) => describe(kind, id, options),
    known: (kind, id) => service.known(kind, id),
    run: async (command, kind, id) => {
      try {
        await run(command, kind, id);
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        log.warn(`id ${command} on ${kind} ${id} failed: ${redact(text)}`);
        void vscode.window.showErrorMessage(`Mapillary: ${redact(text)}`);
      }
    },
    service: () => service,
    dispose: () => {
      subscription.dispose();
    },
  };
}
