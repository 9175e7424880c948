// The Explorer behind the tree view: the model over the Mapillary client, kept in step with the
// saved organizations, the area setting and the account, and the link with the map (a selection in
// the tree moves the map; a selection on the map is revealed in the tree). The view's data, the
// commands, the thumbnails and the refreshes are each in a module of their own; this wires them.
import * as vscode from 'vscode';
import { type MapillaryClient } from '../../core/api/mapillaryClient';
import { downloadThumbnail } from '../../core/api/thumbnails';
import { createExplorerSource } from '../../core/explorer/explorerSource';
import { ALL_IMAGE_FIELDS } from '../../shared/api/fields';
import { GraphError } from '../../shared/api/graphError';
import { ExplorerModel } from '../../shared/explorer/explorerModel';
import { type ExplorerNode, type ImageNode } from '../../shared/explorer/explorerNode';
import { type Logger } from '../../shared/logger';
import { type AuthServices } from '../auth/authServices';
import { isAreaFileText } from '../../shared/explorer/areaText';
import { AREA_SETTING, readAreaSetting, useAreaFile, writeAreaSetting } from './areaSetting';
import { confirmListing, confirmOverSetting, fileArgument } from './listingPrompt';
import { DetailsDocuments } from './detailsDocuments';
import { errorText } from '../../shared/redact';
import { type ExplorerContext, type RevealOptions, isNode } from './explorerCommand';
import { type ExplorerCommandId } from './explorerCommandIds';
import { runExplorerCommand } from './explorerCommands';
import { type ExplorerHandlers, type ExplorerTreeHost } from './explorerRegistration';
import { ExplorerTreeDataProvider } from './explorerTreeData';
import { createExplorerUi, type ExplorerUi } from './explorerUi';
import { showNodeOnMap } from './mapCommands';
import { type MapLink } from './mapLink';
import { OrganizationStore } from './organizationStore';
import { RefreshDebouncer } from './refreshDebouncer';
import { ThumbnailCache } from './thumbnailCache';

/** The street-level viewer's command, when the extension has the viewer. */
const VIEWER_OPEN_COMMAND = 'mapillary.viewer.open';

/** Largest thumbnail put in a tooltip, in bytes (a 256-pixel JPEG is far smaller). */
const MAX_TOOLTIP_THUMBNAIL_BYTES = 512 * 1024;

/** What the Explorer needs from the rest of the extension. */
export interface ExplorerDeps {
  context: vscode.ExtensionContext;
  log: Logger;
  services: { get(): Promise<MapillaryClient> };
  auth?: AuthServices;
  map: MapLink;
  /** The window's messages, progress and prompts (VS Code's unless a test gives its own). */
  ui?: ExplorerUi;
}

/** The Explorer: the view's data and the commands. */
export class Explorer implements ExplorerHandlers, vscode.Disposable {
  readonly model: ExplorerModel;
  readonly tree: ExplorerTreeDataProvider;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly store: OrganizationStore;
  private readonly details = new DetailsDocuments();
  private readonly refreshes: RefreshDebouncer;
  private readonly commands: ExplorerContext;
  private areaWatcher: vscode.FileSystemWatcher | undefined;

  constructor(
    private readonly deps: ExplorerDeps,
    private readonly host: ExplorerTreeHost,
  ) {
    const { context, log, services, map } = deps;
    this.store = new OrganizationStore(context.globalState);
    const source = createExplorerSource(() => services.get(), {
      onTileProgress: (done, total) => {
        host.view.message = done < total ? `Reading coverage tiles ${done}/${total}…` : undefined;
      },
      onSkippedTiles: (count, reasons) =>
        log.warn(`${count} coverage tile(s) skipped: ${reasons.slice(0, 5).join('; ')}`),
      confirmOver: confirmOverSetting,
      confirmListing: (_cost, text) => confirmListing(text),
    });
    this.model = new ExplorerModel({
      source,
      describeError: (error) => {
        if (!(error instanceof GraphError)) log.error(`explorer: ${errorText(error)}`);
        else log.warn(`explorer: ${error.describe()}`);
        return errorText(error);
      },
    });
    const thumbnails = new ThumbnailCache(async (imageId, signal) => {
      const { api } = await services.get();
      return downloadThumbnail(api, imageId, 256, {
        signal,
        maxBytes: MAX_TOOLTIP_THUMBNAIL_BYTES,
      });
    }, log);
    this.tree = new ExplorerTreeDataProvider(this.model, thumbnails);
    this.commands = {
      model: this.model,
      ui: deps.ui ?? createExplorerUi(),
      map,
      api: async () => (await services.get()).api,
      saveOrganizations: () => Promise.resolve(this.store.save(this.model.listOrganizations())),
      writeArea: writeAreaSetting,
      useAreaFile: async (file) => {
        const area = await useAreaFile(fileArgument(file));
        this.watchAreaFile();
        return area;
      },
      showDetails: (kind, entity) => this.details.show(kind, entity),
      reveal: (node, options) => this.reveal(node, options),
      revealImage: (imageId, focus) => this.revealImage(imageId, focus),
      openViewer: async (imageId, sequenceId) => {
        await vscode.commands.executeCommand('mapillary.viewer.open', imageId, { sequenceId });
      },
      openImage: (imageId) => this.openImage(imageId),
    };
    this.model.setOrganizations(this.store.load());
    void this.applyAreaSetting(false);
    this.refreshes = new RefreshDebouncer(() => host.changed(undefined));
    const unsubscribe = this.model.onDidChange(() => this.refreshes.schedule());
    this.disposables.push(
      this.details,
      { dispose: unsubscribe },
      this.refreshes,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(AREA_SETTING)) void this.applyAreaSetting(true);
        if (e.affectsConfiguration('mapillary.api')) this.model.refresh();
      }),
      host.view.onDidChangeSelection((e) => {
        const node = e.selection[0];
        if (node) showNodeOnMap(this.commands, node, false);
      }),
      // The map's selection is listed whole, as its own root; revealing the root (not one of its
      // images) leaves the map where it is.
      map.onDidChangeSelection((imageIds) => {
        const node = this.model.setMapSelection(imageIds);
        if (node) void this.reveal(node, { expand: true, focus: false });
      }),
    );
    if (deps.auth) {
      const auth = deps.auth;
      this.disposables.push(auth.store.onDidChange(() => void this.updateAccount()));
      void this.updateAccount();
    }
  }

  private async applyAreaSetting(announce: boolean): Promise<void> {
    const area = await readAreaSetting();
    if (area && !area.ok) {
      this.deps.log.warn(`${AREA_SETTING} is ignored: ${area.message}`);
      if (announce)
        this.commands.ui.warn(`Mapillary: the area setting is ignored: ${area.message}`);
    }
    this.model.setArea(area?.ok ? area.area : undefined);
    this.watchAreaFile();
  }

  /** Follows the area's file, when the area is one: an edited shape is read again. */
  private watchAreaFile(): void {
    this.areaWatcher?.dispose();
    this.areaWatcher = undefined;
    const text = vscode.workspace.getConfiguration('mapillary').get<string>('area', '').trim();
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || !isAreaFileText(text)) return;
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(folder, text),
    );
    const reread = (): void => void this.applyAreaSetting(true);
    watcher.onDidChange(reread);
    watcher.onDidCreate(reread);
    watcher.onDidDelete(reread);
    this.areaWatcher = watcher;
  }

  /** Shows "My uploads" when signed in with OAuth (the user from `/me`). */
  private async updateAccount(): Promise<void> {
    try {
      const sessions = (await this.deps.auth?.store.all()) ?? [];
      if (!sessions.some((s) => s.kind === 'oauth')) {
        this.model.setAccount(undefined);
        return;
      }
      const { api } = await this.deps.services.get();
      const me = await api.getMe();
      this.model.setAccount(me.username ? { id: me.id, username: me.username } : undefined);
    } catch (error) {
      this.deps.log.warn(`could not read the signed-in user: ${errorText(error)}`);
      this.model.setAccount(undefined);
    }
  }

  /** Runs a command on the clicked item (else the selection); failures are shown, never thrown. */
  run(command: ExplorerCommandId, args: unknown[]): Promise<unknown> {
    const [first] = args;
    const node = isNode(first) ? first : this.host.view.selection[0];
    return runExplorerCommand(this.commands, this.deps.log, command, { node, args });
  }

  /** Reveals an image in the tree: where it is loaded, or in its sequence, or as its own entry. */
  async revealImage(imageId: string, focus: boolean): Promise<ImageNode | undefined> {
    try {
      let node = this.model.loadedImages(imageId)[0];
      if (!node) {
        const { api } = await this.deps.services.get();
        const image = await api.getImage(imageId);
        node = await this.model.locateImage(imageId, image.sequence);
        if (!node) {
          // Its own entry, not one named like the map's selection root, which holds them all.
          const search = this.model.addSearch(`Image ${imageId}`, 'revealed', 'images', [image]);
          node = (await this.model.children(search)).find(
            (n): n is ImageNode => n.kind === 'image',
          );
        }
      }
      if (node) await this.reveal(node, { expand: false, focus });
      return node;
    } catch (error) {
      this.deps.log.warn(`could not reveal image ${imageId}: ${errorText(error)}`);
      return undefined;
    }
  }

  /** Opens an image in the viewer when one is registered, else shows its every field. */
  private async openImage(imageId: string): Promise<'viewer' | 'details'> {
    const commands = await vscode.commands.getCommands(true);
    if (commands.includes(VIEWER_OPEN_COMMAND)) {
      await vscode.commands.executeCommand(VIEWER_OPEN_COMMAND, imageId);
      return 'viewer';
    }
    const { api } = await this.deps.services.get();
    await this.details.show('image', await api.getImage(imageId, ALL_IMAGE_FIELDS));
    return 'details';
  }

  private async reveal(node: ExplorerNode, options: RevealOptions): Promise<void> {
    try {
      // Reveal after the view has taken the change that added the node, not before.
      await this.refreshes.settled();
      await this.host.view.reveal(node, {
        select: true,
        focus: options.focus ?? false,
        expand: options.expand,
      });
    } catch (error) {
      // The view may be hidden; the node is there when it is shown.
      this.deps.log.debug(`reveal skipped: ${errorText(error)}`);
    }
  }

  dispose(): void {
    this.areaWatcher?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
