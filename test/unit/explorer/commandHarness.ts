// A stand-in for everything an Explorer command is lent: a window that records what it was told
// and answers prompts from a script, a map that records where it was sent, and an Explorer model
// over the emulator (through the real client), so each command runs alone, without VS Code.
import { createMapillaryClient, type MapillaryClient } from '../../../src/core/api/mapillaryClient';
import * as path from 'node:path';
import { createExplorerSource } from '../../../src/core/explorer/explorerSource';
import { readAreaFile } from '../../../src/core/geo/areaFile';
import { type Bbox } from '../../../src/shared/api/bbox';
import { ExplorerModel } from '../../../src/shared/explorer/explorerModel';
import {
  type ExplorerImage,
  type ExplorerMapFeature,
  type ExplorerNode,
  type ImageNode,
} from '../../../src/shared/explorer/explorerNode';
import { type MapView } from '../../../src/shared/messages';
import {
  type ExplorerContext,
  type RevealOptions,
} from '../../../src/extension/tree/explorerCommand';
import {
  type ExplorerPrompts,
  type ExplorerUi,
  type ProgressTask,
} from '../../../src/extension/tree/explorerUi';
import { type MapLink } from '../../../src/extension/tree/mapLink';
import { type Emulator } from '../../emulator/emulator';

/** One thing the window was told to show. */
export interface Shown {
  level: 'info' | 'warn' | 'error' | 'status';
  message: string;
}

/** A window that records messages, copies, links and progress, and answers prompts as scripted. */
export class RecordingUi implements ExplorerUi {
  readonly shown: Shown[] = [];
  readonly copied: string[] = [];
  readonly opened: string[] = [];
  readonly progress: { title: string; cancellable: boolean; reports: string[] }[] = [];
  /** Which prompts were asked, in order. */
  readonly asked: (keyof ExplorerPrompts)[] = [];
  /** Aborts the signal handed to notification tasks (the notification's Cancel button). */
  readonly cancel = new AbortController();
  /** Scripted answers; a prompt without one is cancelled (undefined). */
  answers: Partial<{ [K in keyof ExplorerPrompts]: Awaited<ReturnType<ExplorerPrompts[K]>> }> = {};

  info(message: string): void {
    this.shown.push({ level: 'info', message });
  }
  warn(message: string): void {
    this.shown.push({ level: 'warn', message });
  }
  error(message: string): void {
    this.shown.push({ level: 'error', message });
  }
  status(message: string): void {
    this.shown.push({ level: 'status', message });
  }
  copy(text: string): Promise<void> {
    this.copied.push(text);
    return Promise.resolve();
  }
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  }
  inView<T>(title: string, task: () => Promise<T>): Promise<T> {
    this.progress.push({ title, cancellable: false, reports: [] });
    return task();
  }
  notify<T>(title: string, cancellable: boolean, task: ProgressTask<T>): Promise<T> {
    const entry = { title, cancellable, reports: [] as string[] };
    this.progress.push(entry);
    return task((message) => entry.reports.push(message), this.cancel.signal);
  }
  readonly prompts: ExplorerPrompts = {
    area: () => this.answer('area'),
    organizationId: () => this.answer('organizationId'),
    imageRef: () => this.answer('imageRef'),
    imageSearch: () => this.answer('imageSearch'),
    mapFeatureSearch: () => this.answer('mapFeatureSearch'),
    embedStyle: () => this.answer('embedStyle'),
  };
  private answer<K extends keyof ExplorerPrompts>(
    name: K,
  ): Promise<Awaited<ReturnType<ExplorerPrompts[K]>> | undefined> {
    this.asked.push(name);
    return Promise.resolve(this.answers[name]);
  }
  /** The messages shown at one level. */
  messages(level: Shown['level']): string[] {
    return this.shown.filter((s) => s.level === level).map((s) => s.message);
  }
}

/** A map that records where it was sent. */
export class RecordingMap implements MapLink {
  open = false;
  view: MapView | undefined;
  selected: string[] = [];
  readonly calls: string[] = [];
  readonly highlighted: (readonly string[])[] = [];
  private readonly listeners = new Set<(ids: readonly string[]) => void>();

  isOpen(): boolean {
    return this.open;
  }
  show(initialView?: MapView, options?: { preserveFocus?: boolean }): void {
    this.calls.push(`show ${JSON.stringify(initialView)} ${JSON.stringify(options)}`);
    this.open = true;
    if (initialView) this.view = initialView;
  }
  moveTo(view: MapView): void {
    this.calls.push(`moveTo ${JSON.stringify(view)}`);
    this.view = view;
  }
  highlightSequences(sequenceIds: readonly string[]): void {
    this.highlighted.push([...sequenceIds]);
  }
  lastView(): MapView | undefined {
    return this.view;
  }
  selection(): readonly string[] {
    return this.selected;
  }
  onDidChangeSelection(listener: (ids: readonly string[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

/** A command context over the emulator, with what the commands did recorded. */
export interface CommandHarness {
  context: ExplorerContext;
  model: ExplorerModel;
  ui: RecordingUi;
  map: RecordingMap;
  client: MapillaryClient;
  /** Each save of the organizations: the ids saved. */
  saves: string[][];
  /** Each area written to the settings. */
  areas: Bbox[];
  /** Each area file made the area. */
  areaFiles: string[];
  details: { kind: 'image' | 'map-feature'; entity: ExplorerImage | ExplorerMapFeature }[];
  revealed: { node: ExplorerNode; options: RevealOptions }[];
  revealedImages: string[];
  /** Images shown in the viewer. */
  viewerOpened: string[];
  /** Each image opened. */
  opened: string[];
}

/** Builds a command context whose API is the emulator's, seen through the real client. */
export async function commandHarness(emulator: Emulator): Promise<CommandHarness> {
  const client = await createMapillaryClient({
    graphUrl: emulator.graphUrl,
    tilesUrl: emulator.tilesUrl,
    getToken: () => Promise.resolve(emulator.clientToken),
  });
  const model = new ExplorerModel({
    source: createExplorerSource(() => Promise.resolve(client)),
  });
  const ui = new RecordingUi();
  const map = new RecordingMap();
  const harness: Omit<CommandHarness, 'context'> = {
    model,
    ui,
    map,
    client,
    saves: [],
    areas: [],
    areaFiles: [],
    details: [],
    revealed: [],
    revealedImages: [],
    viewerOpened: [],
    opened: [],
  };
  const context: ExplorerContext = {
    model,
    ui,
    map,
    api: () => Promise.resolve(client.api),
    saveOrganizations: () => {
      harness.saves.push(model.listOrganizations().map((o) => o.id));
      return Promise.resolve();
    },
    writeArea: (bbox) => {
      harness.areas.push(bbox);
      return Promise.resolve();
    },
    useAreaFile: async (file) => {
      const name = String(file);
      const area = await readAreaFile(name);
      harness.areaFiles.push(name);
      return { ...area, label: path.basename(name) };
    },
    showDetails: (kind, entity) => {
      harness.details.push({ kind, entity });
      return Promise.resolve();
    },
    reveal: (node, options) => {
      harness.revealed.push({ node, options });
      return Promise.resolve();
    },
    openImage: (imageId) => {
      harness.opened.push(imageId);
      return Promise.resolve('details');
    },
    revealImage: (imageId) => {
      harness.revealedImages.push(imageId);
      return Promise.resolve<ImageNode | undefined>(undefined);
    },
    openViewer: (imageId) => {
      harness.viewerOpened.push(imageId);
      return Promise.resolve();
    },
  };
  return { ...harness, context };
}
