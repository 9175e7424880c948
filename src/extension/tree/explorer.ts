// The Explorer behind the tree view: the model over the Mapillary client, the organizations and the
// area kept in step with storage and settings, the commands, and the link with the map (a selection
// in the tree moves the map; a selection on the map is revealed in the tree).
import * as vscode from 'vscode';
import { type MapillaryClient } from '../../core/api/mapillaryClient';
import { downloadThumbnail } from '../../core/api/thumbnails';
import { createExplorerSource } from '../../core/explorer/explorerSource';
import { type Bbox } from '../../shared/api/bbox';
import { ALL_IMAGE_FIELDS, IMAGE_SEARCH_FIELDS, MAP_FEATURE_FIELDS } from '../../shared/api/fields';
import { GraphError } from '../../shared/api/graphError';
import { formatArea, parseArea } from '../../shared/explorer/areaText';
import {
  type EmbedStyle,
  EMBED_STYLES,
  embedSnippet,
  imageWebUrl,
} from '../../shared/explorer/embedSnippet';
import { ExplorerModel } from '../../shared/explorer/explorerModel';
import {
  type ExplorerImage,
  type ExplorerMapFeature,
  type ExplorerNode,
  type ImageNode,
} from '../../shared/explorer/explorerNode';
import { imageTooltipMarkdown } from '../../shared/explorer/imageFacts';
import { parseImageRef } from '../../shared/explorer/imageRef';
import { viewArea } from '../../shared/explorer/viewArea';
import { type Logger } from '../../shared/logger';
import { mapViewSchema } from '../../shared/messages';
import { redact } from '../../shared/redact';
import { type AuthServices } from '../auth/authServices';
import { AREA_SETTING, readAreaSetting, writeAreaSetting } from './areaSetting';
import { DetailsDocuments } from './detailsDocuments';
import { EXPLORER_VIEW_ID, type ExplorerCommandId } from './explorerCommandIds';
import {
  type ImageSearchInput,
  type MapFeatureSearchInput,
  promptArea,
  promptEmbedStyle,
  promptImageRef,
  promptImageSearch,
  promptMapFeatureSearch,
  promptOrganizationId,
} from './explorerPrompts';
import { type ExplorerHandlers, type ExplorerTreeHost } from './explorerRegistration';
import { explorerTreeItem } from './explorerTreeItem';
import { type MapLink } from './mapLink';
import { OrganizationStore } from './organizationStore';

/** Largest thumbnail put in a tooltip, in bytes (a 256-pixel JPEG is far smaller). */
const MAX_TOOLTIP_THUMBNAIL_BYTES = 512 * 1024;
/** Most results one search keeps (the tree pages through them). */
const MAX_SEARCH_RESULTS = 10_000;
/** The map panel's saved view (see MapPanel); read to offer "Set Area to Map View". */
const MAP_VIEW_STATE_KEY = 'mapillary.map.view';

/** Commands that act on a tree item (the clicked one, else the selection). */
const NEEDS_NODE = new Set<ExplorerCommandId>([
  'mapillary.explorer.removeOrganization',
  'mapillary.explorer.showOnMap',
  'mapillary.explorer.openInBrowser',
  'mapillary.explorer.copyId',
  'mapillary.explorer.copyEmbedSnippet',
  'mapillary.explorer.showDetails',
]);

/** What the Explorer needs from the rest of the extension. */
export interface ExplorerDeps {
  context: vscode.ExtensionContext;
  log: Logger;
  services: { get(): Promise<MapillaryClient> };
  auth?: AuthServices;
  map: MapLink;
}

function errorText(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error)).slice(0, 400);
}

/** The Explorer: handlers for the view and the commands. */
export class Explorer implements ExplorerHandlers, vscode.Disposable {
  readonly model: ExplorerModel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly store: OrganizationStore;
  private readonly details = new DetailsDocuments();
  private readonly thumbnails = new Map<string, string>();
  /** Settles once the latest change has been passed to the view. */
  private refreshed: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: ExplorerDeps,
    private readonly host: ExplorerTreeHost,
  ) {
    const { context, log } = deps;
    this.store = new OrganizationStore(context.globalState);
    const source = createExplorerSource(() => deps.services.get(), {
      onTileProgress: (done, total) => {
        this.host.view.message =
          done < total ? `Reading coverage tiles ${done}/${total}…` : undefined;
      },
      onSkippedTiles: (count, reasons) =>
        log.warn(`${count} coverage tile(s) skipped: ${reasons.slice(0, 5).join('; ')}`),
    });
    this.model = new ExplorerModel({
      source,
      describeError: (error) => {
        if (!(error instanceof GraphError)) log.error(`explorer: ${errorText(error)}`);
        else log.warn(`explorer: ${error.describe()}`);
        return errorText(error);
      },
    });
    this.model.setOrganizations(this.store.load());
    this.applyAreaSetting(false);
    // Changes are passed on as one refresh of the whole tree, a few milliseconds later: refreshing
    // one element while VS Code still registers its children makes it refuse them as duplicates
    // ("Element with id … is already registered"); a whole refresh clears its registry first, and
    // the model answers again from what it has loaded.
    let timer: ReturnType<typeof setTimeout> | undefined;
    let done: (() => void) | undefined;
    const unsubscribe = this.model.onDidChange(() => {
      if (timer) return;
      this.refreshed = new Promise<void>((resolve) => (done = resolve));
      timer = setTimeout(() => {
        timer = undefined;
        host.changed(undefined);
        done?.();
      }, 30);
    });
    this.disposables.push(
      this.details,
      { dispose: unsubscribe },
      { dispose: () => clearTimeout(timer) },
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(AREA_SETTING)) this.applyAreaSetting(true);
        if (e.affectsConfiguration('mapillary.api')) this.model.refresh();
      }),
      host.view.onDidChangeSelection((e) => {
        const node = e.selection[0];
        if (node && deps.map.isOpen()) void this.showOnMap(node, false);
      }),
      deps.map.onDidSelect((imageIds) => {
        const first = imageIds[0];
        if (first) void this.revealImage(first, false);
      }),
    );
    if (deps.auth) {
      const auth = deps.auth;
      this.disposables.push(auth.store.onDidChange(() => void this.updateAccount()));
      void this.updateAccount();
    }
  }

  private applyAreaSetting(announce: boolean): void {
    const area = readAreaSetting();
    if (area && !area.ok) {
      this.deps.log.warn(`${AREA_SETTING} is ignored: ${area.message}`);
      if (announce)
        void vscode.window.showWarningMessage(
          `Mapillary: the area setting is ignored: ${area.message}`,
        );
    }
    this.model.setArea(area?.ok ? area.bbox : undefined);
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

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return explorerTreeItem(node, this.model.isLoading(node));
  }

  getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    const children = this.model.children(node);
    if (node) {
      // A progress bar across the view while a node's children load.
      void vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW_ID } }, () => children);
    }
    return children;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return this.model.parent(node);
  }

  async resolveTreeItem(
    item: vscode.TreeItem,
    node: ExplorerNode,
    token: vscode.CancellationToken,
  ): Promise<vscode.TreeItem> {
    if (node.kind !== 'image' || node.unavailable || item.tooltip !== undefined) return item;
    const thumbnail = await this.thumbnail(node.image.id, token);
    const tooltip = new vscode.MarkdownString(imageTooltipMarkdown(node.image, thumbnail));
    tooltip.supportHtml = false;
    item.tooltip = tooltip;
    return item;
  }

  /**
   * The image's 256-pixel thumbnail as a `data:` URI, downloaded through a fresh signed URL (the
   * one in the tree may have expired), or undefined when it cannot be had.
   */
  private async thumbnail(
    imageId: string,
    token: vscode.CancellationToken,
  ): Promise<string | undefined> {
    const cached = this.thumbnails.get(imageId);
    if (cached) return cached;
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      const { api } = await this.deps.services.get();
      const picture = await downloadThumbnail(api, imageId, 256, {
        signal: controller.signal,
        maxBytes: MAX_TOOLTIP_THUMBNAIL_BYTES,
      });
      const mime = /^image\/(jpeg|png|webp)\b/.exec(picture.contentType)?.[0];
      if (!mime) return undefined;
      const uri = `data:${mime};base64,${Buffer.from(picture.bytes).toString('base64')}`;
      this.thumbnails.set(imageId, uri);
      // A small cache: hovering back and forth should not download again.
      if (this.thumbnails.size > 100) {
        this.thumbnails.delete(this.thumbnails.keys().next().value as string);
      }
      return uri;
    } catch (error) {
      if (!controller.signal.aborted) {
        this.deps.log.debug(`no thumbnail for ${imageId}: ${errorText(error)}`);
      }
      return undefined;
    } finally {
      cancel.dispose();
    }
  }

  /** Runs a command; failures are shown, never thrown at VS Code. */
  async run(command: ExplorerCommandId, args: unknown[]): Promise<unknown> {
    const [first] = args;
    const node = isNode(first) ? first : this.host.view.selection[0];
    if (!node && NEEDS_NODE.has(command)) {
      void vscode.window.showInformationMessage(
        'Mapillary: select an item in the Mapillary Explorer first.',
      );
      return undefined;
    }
    try {
      switch (command) {
        case 'mapillary.explorer.addOrganization':
          return await this.addOrganization(typeof first === 'string' ? first : undefined);
        case 'mapillary.explorer.removeOrganization':
          return await this.removeOrganization(node);
        case 'mapillary.explorer.setArea':
          return await this.setArea(typeof first === 'string' ? first : undefined);
        case 'mapillary.explorer.setAreaFromMap':
          return await this.setAreaFromMap();
        case 'mapillary.explorer.refresh':
          this.model.refresh(isNode(first) ? first : undefined);
          return undefined;
        case 'mapillary.explorer.loadMore':
          return node ? await this.model.loadMore(node) : undefined;
        case 'mapillary.explorer.retry':
          return node?.kind === 'error' ? await this.model.retry(node) : undefined;
        case 'mapillary.explorer.openImage':
          return await this.openImage(typeof first === 'string' ? first : undefined);
        case 'mapillary.explorer.searchImages':
          return await this.searchImages(isObject(first) ? first : undefined);
        case 'mapillary.explorer.searchMapFeatures':
          return await this.searchMapFeatures(isObject(first) ? first : undefined);
        case 'mapillary.explorer.removeSearch':
          if (node?.kind === 'search') this.model.removeSearch(node);
          return undefined;
        case 'mapillary.explorer.showOnMap':
          return node ? await this.showOnMap(node, true) : undefined;
        case 'mapillary.explorer.openInBrowser':
          return node ? await this.openInBrowser(node) : undefined;
        case 'mapillary.explorer.copyId':
          return node ? await this.copyId(node) : undefined;
        case 'mapillary.explorer.copyEmbedSnippet':
          return node
            ? await this.copyEmbed(
                node,
                EMBED_STYLES.find((s) => s === args[1]),
              )
            : undefined;
        case 'mapillary.explorer.showDetails':
          return node ? await this.showDetails(node) : undefined;
        case 'mapillary.explorer.revealInTree':
          return await this.revealMapSelection();
      }
    } catch (error) {
      this.deps.log.warn(`${command} failed: ${errorText(error)}`);
      void vscode.window.showErrorMessage(`Mapillary: ${errorText(error)}`);
    }
    return undefined;
  }

  private async addOrganization(given?: string): Promise<string | undefined> {
    const id = given?.trim() ?? (await promptOrganizationId());
    if (!id) return undefined;
    if (!/^\d{1,30}$/.test(id)) {
      void vscode.window.showErrorMessage(
        `Mapillary: "${id.slice(0, 40)}" is not an organization id (digits).`,
      );
      return undefined;
    }
    const org = await vscode.window.withProgress(
      { location: { viewId: EXPLORER_VIEW_ID }, title: 'Checking the organization…' },
      async () => {
        const { api } = await this.deps.services.get();
        try {
          return await api.getOrganization(id);
        } catch (error) {
          if (
            error instanceof GraphError &&
            (error.kind === 'not-found' || error.kind === 'bad-request')
          ) {
            throw new Error(`No organization with id ${id} (or you may not see it).`, {
              cause: error,
            });
          }
          throw error;
        }
      },
    );
    // An id that names another kind of object comes back without an organization's fields.
    if (!org.name && !org.slug) {
      throw new Error(`${id} is not an organization's id.`);
    }
    const node = this.model.addOrganization({
      id: org.id,
      name: org.name,
      slug: org.slug,
      description: org.description,
    });
    await this.store.save(this.model.listOrganizations());
    await this.reveal(node, { expand: false });
    return org.id;
  }

  private async removeOrganization(node: ExplorerNode | undefined): Promise<void> {
    if (node?.kind !== 'organization') return;
    this.model.removeOrganization(node.organization.id);
    await this.store.save(this.model.listOrganizations());
  }

  private async setArea(given?: string): Promise<string | undefined> {
    let bbox: Bbox | undefined;
    if (given !== undefined) {
      const parsed = parseArea(given);
      if (!parsed.ok) throw new Error(parsed.message);
      bbox = parsed.bbox;
    } else {
      bbox = await promptArea(this.model.area);
    }
    if (!bbox) return undefined;
    await writeAreaSetting(bbox);
    this.model.setArea(bbox);
    return formatArea(bbox);
  }

  private async setAreaFromMap(): Promise<string | undefined> {
    const saved = mapViewSchema.safeParse(this.deps.context.workspaceState.get(MAP_VIEW_STATE_KEY));
    if (!saved.success) {
      void vscode.window.showInformationMessage(
        'Mapillary: open the map and move it to the area first.',
      );
      return undefined;
    }
    const bbox = viewArea(saved.data.center, saved.data.zoom);
    const parsed = parseArea(formatArea(bbox));
    if (!parsed.ok) {
      throw new Error(`The map's view cannot be the area: ${parsed.message} Zoom the map in.`);
    }
    await writeAreaSetting(parsed.bbox);
    this.model.setArea(parsed.bbox);
    return formatArea(parsed.bbox);
  }

  private requireArea(): Bbox {
    const area = this.model.area;
    if (!area) throw new Error('Set an area first (Mapillary: Set Area).');
    return area;
  }

  private async openImage(given?: string): Promise<string | undefined> {
    let id: string | undefined;
    if (given !== undefined) {
      const parsed = parseImageRef(given);
      if (!parsed.ok) throw new Error(parsed.message);
      id = parsed.id;
    } else {
      id = await promptImageRef();
    }
    if (!id) return undefined;
    const imageId = id;
    const image = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Opening image ${imageId}…` },
      async () => {
        const { api } = await this.deps.services.get();
        try {
          return await api.getImage(imageId, ALL_IMAGE_FIELDS);
        } catch (error) {
          if (error instanceof GraphError && error.kind === 'not-found') {
            throw new Error(`Image ${imageId} does not exist or you may not see it.`, {
              cause: error,
            });
          }
          throw error;
        }
      },
    );
    const search = this.model.addSearch(`Image ${imageId}`, 'opened', 'images', [image]);
    const [node] = await this.model.children(search);
    if (node) await this.reveal(node, { expand: true });
    await this.openDetailsDocument(image);
    return imageId;
  }

  private async searchImages(given?: ImageSearchInput): Promise<number | undefined> {
    const area = this.requireArea();
    const filters = given ?? (await promptImageSearch(this.model.listOrganizations()));
    if (!filters) return undefined;
    const items = await this.collect('Searching images', async (signal) => {
      const { api } = await this.deps.services.get();
      return api.searchImages(
        area,
        { ...filters, fields: [...IMAGE_SEARCH_FIELDS, 'thumb_256_url'] },
        { signal },
      );
    });
    const detail = describeFilters(area, {
      captured: range(filters.startCapturedAt, filters.endCapturedAt),
      pano: filters.isPano === undefined ? undefined : filters.isPano ? 'pano' : 'not pano',
      organization: filters.organizationId,
      creator: filters.creatorUsername,
    });
    const node = this.model.addSearch(`Images (${items.length})`, detail, 'images', items);
    await this.reveal(node, { expand: true });
    return items.length;
  }

  private async searchMapFeatures(given?: MapFeatureSearchInput): Promise<number | undefined> {
    const area = this.requireArea();
    const filters = given ?? (await promptMapFeatureSearch());
    if (!filters) return undefined;
    const items = await this.collect('Searching map features', async (signal) => {
      const { api } = await this.deps.services.get();
      return api.searchMapFeatures(area, { ...filters, fields: MAP_FEATURE_FIELDS }, { signal });
    });
    const detail = describeFilters(area, {
      values: filters.objectValues?.join(','),
      'first seen': range(filters.startFirstSeenAt, filters.endFirstSeenAt),
      'last seen': range(filters.startLastSeenAt, filters.endLastSeenAt),
    });
    const node = this.model.addSearch(
      `Map features (${items.length})`,
      detail,
      'mapFeatures',
      items,
    );
    await this.reveal(node, { expand: true });
    return items.length;
  }

  /** Reads a search to the end (or the cap) under a cancellable progress notification. */
  private collect<T extends ExplorerImage | ExplorerMapFeature>(
    title: string,
    start: (signal: AbortSignal) => Promise<AsyncIterable<T>>,
  ): Promise<T[]> {
    return new Promise<T[]>((resolve, reject) => {
      vscode.window
        .withProgress(
          { location: vscode.ProgressLocation.Notification, title, cancellable: true },
          async (progress, token) => {
            const controller = new AbortController();
            const cancel = token.onCancellationRequested(() => controller.abort());
            const items: T[] = [];
            try {
              for await (const item of await start(controller.signal)) {
                items.push(item);
                if (items.length % 500 === 0) progress.report({ message: `${items.length} found` });
                if (items.length >= MAX_SEARCH_RESULTS) {
                  void vscode.window.showWarningMessage(
                    `Mapillary: the search stopped at ${MAX_SEARCH_RESULTS} results: narrow the area or the filters.`,
                  );
                  break;
                }
              }
            } finally {
              cancel.dispose();
            }
            return items;
          },
        )
        .then(resolve, reject);
    });
  }

  private async showOnMap(node: ExplorerNode, open: boolean): Promise<void> {
    const map = this.deps.map;
    if (node.kind === 'image') {
      const [lng, lat] =
        node.image.computed_geometry?.coordinates ?? node.image.geometry?.coordinates ?? [];
      if (lng === undefined || lat === undefined) {
        if (open)
          void vscode.window.showInformationMessage('Mapillary: this image has no position.');
        return;
      }
      await map.show(
        { center: [lat, lng], zoom: 18 },
        node.image.sequence ? [node.image.sequence] : [],
        open,
      );
    } else if (node.kind === 'sequence') {
      const extent = node.sequence.extent;
      const center: [number, number] | undefined = extent
        ? [(extent[1] + extent[3]) / 2, (extent[0] + extent[2]) / 2]
        : undefined;
      await map.show(center ? { center, zoom: 16 } : undefined, [node.sequence.id], open);
    } else if (node.kind === 'mapFeature') {
      const [lng, lat] = node.feature.geometry?.coordinates ?? [];
      if (lng !== undefined && lat !== undefined)
        await map.show({ center: [lat, lng], zoom: 18 }, [], open);
    } else if (node.kind === 'organization' && open) {
      const area = this.model.area;
      if (area) {
        await map.show(
          { center: [(area[1] + area[3]) / 2, (area[0] + area[2]) / 2], zoom: 15 },
          [],
          open,
        );
      }
    }
  }

  private async openInBrowser(node: ExplorerNode): Promise<void> {
    const id =
      node.kind === 'image'
        ? node.image.id
        : node.kind === 'sequence'
          ? node.sequence.firstImageId
          : undefined;
    if (id) {
      await vscode.env.openExternal(vscode.Uri.parse(imageWebUrl(id)));
    } else if (node.kind === 'mapFeature') {
      await vscode.env.openExternal(
        vscode.Uri.parse(
          `https://www.mapillary.com/app/?mapFeatureKey=${encodeURIComponent(node.feature.id)}`,
        ),
      );
    }
  }

  private async copyId(node: ExplorerNode): Promise<string | undefined> {
    const id = nodeId(node);
    if (!id) return undefined;
    await vscode.env.clipboard.writeText(id);
    vscode.window.setStatusBarMessage(`Copied ${id}`, 3000);
    return id;
  }

  private async copyEmbed(node: ExplorerNode, given?: EmbedStyle): Promise<string | undefined> {
    if (node.kind !== 'image') return undefined;
    const style = given ?? (await promptEmbedStyle());
    if (!style) return undefined;
    const snippet = embedSnippet(node.image.id, style);
    await vscode.env.clipboard.writeText(snippet);
    vscode.window.setStatusBarMessage(
      `Copied the embed snippet of ${node.image.id} (${style})`,
      3000,
    );
    return snippet;
  }

  private async showDetails(node: ExplorerNode): Promise<void> {
    if (node.kind === 'mapFeature') {
      await this.openDetailsDocument(node.feature);
      return;
    }
    if (node.kind !== 'image') return;
    const { api } = await this.deps.services.get();
    const image = await api.getImage(node.image.id, ALL_IMAGE_FIELDS);
    await this.openDetailsDocument(image);
  }

  private async openDetailsDocument(entity: ExplorerImage | ExplorerMapFeature): Promise<void> {
    const kind = 'object_value' in entity || 'first_seen_at' in entity ? 'map-feature' : 'image';
    await this.details.show(kind, entity);
  }

  private async revealMapSelection(): Promise<void> {
    const first = this.deps.map.selection()[0];
    if (!first) {
      void vscode.window.showInformationMessage('Mapillary: select images on the map first.');
      return;
    }
    await this.revealImage(first, true);
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
          const search = this.model.addSearch('Selected on the map', imageId, 'images', [image]);
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

  private async reveal(
    node: ExplorerNode,
    options: { expand: boolean; focus?: boolean },
  ): Promise<void> {
    try {
      // Reveal after the view has taken the change that added the node, not before.
      await this.refreshed;
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
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !isNode(value);
}

function isNode(value: unknown): value is ExplorerNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { key?: unknown }).key === 'string' &&
    typeof (value as { kind?: unknown }).kind === 'string'
  );
}

function nodeId(node: ExplorerNode): string | undefined {
  switch (node.kind) {
    case 'image':
      return node.image.id;
    case 'sequence':
      return node.sequence.id;
    case 'organization':
      return node.organization.id;
    case 'mapFeature':
      return node.feature.id;
    case 'myUploads':
      return node.userId;
    default:
      return undefined;
  }
}

function range(start: string | undefined, end: string | undefined): string | undefined {
  if (!start && !end) return undefined;
  return `${start?.slice(0, 10) ?? '…'}..${end?.slice(0, 10) ?? '…'}`;
}

function describeFilters(area: Bbox, filters: Record<string, string | undefined>): string {
  const parts = Object.entries(filters)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k} ${String(v)}`);
  return [`in ${formatArea(area)}`, ...parts].join(' · ');
}
