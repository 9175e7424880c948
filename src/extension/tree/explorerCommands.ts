// The table of the Explorer's commands: each id with its handler, from the file of the concept it
// acts on. The type makes the table list every id of package.json's Explorer commands.
import { type Logger } from '../../shared/logger';
import { addOrganization, removeOrganization } from './organizationCommands';
import { setArea, setAreaFromMap, useAsArea } from './areaCommands';
import { errorText } from '../../shared/redact';
import {
  type ExplorerCommand,
  type ExplorerCommandInput,
  type ExplorerContext,
} from './explorerCommand';
import { type ExplorerCommandId } from './explorerCommandIds';
import { copyEmbedSnippet, openImage, openInBrowser, showDetails } from './imageCommands';
import { revealInTree, showOnMap } from './mapCommands';
import { imagesLookingAtHere, imagesNearHere } from './pointCommands';
import { removeSearch, searchImages, searchMapFeatures } from './searchCommands';
import { copyId, loadMore, refresh, retry } from './treeCommands';

/** Every Explorer command's handler. */
export const EXPLORER_COMMAND_HANDLERS: { readonly [id in ExplorerCommandId]: ExplorerCommand } = {
  'mapillary.explorer.addOrganization': addOrganization,
  'mapillary.explorer.removeOrganization': removeOrganization,
  'mapillary.explorer.setArea': setArea,
  'mapillary.explorer.setAreaFromMap': setAreaFromMap,
  'mapillary.explorer.useAsArea': useAsArea,
  'mapillary.explorer.refresh': refresh,
  'mapillary.explorer.loadMore': loadMore,
  'mapillary.explorer.retry': retry,
  'mapillary.explorer.openImage': openImage,
  'mapillary.explorer.searchImages': searchImages,
  'mapillary.explorer.searchMapFeatures': searchMapFeatures,
  'mapillary.explorer.removeSearch': removeSearch,
  'mapillary.explorer.showOnMap': showOnMap,
  'mapillary.explorer.openInBrowser': openInBrowser,
  'mapillary.explorer.copyId': copyId,
  'mapillary.explorer.copyEmbedSnippet': copyEmbedSnippet,
  'mapillary.explorer.showDetails': showDetails,
  'mapillary.explorer.revealInTree': revealInTree,
  'mapillary.imagesNearHere': imagesNearHere,
  'mapillary.imagesLookingAtHere': imagesLookingAtHere,
};

/** Runs a command; a failure is logged and shown, never thrown at VS Code. */
export async function runExplorerCommand(
  context: ExplorerContext,
  log: Logger,
  id: ExplorerCommandId,
  input: ExplorerCommandInput,
): Promise<unknown> {
  try {
    return await EXPLORER_COMMAND_HANDLERS[id](context, input);
  } catch (error) {
    log.warn(`${id} failed: ${errorText(error)}`);
    context.ui.error(`Mapillary: ${errorText(error)}`);
    return undefined;
  }
}
