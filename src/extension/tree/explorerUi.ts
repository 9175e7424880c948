// What the Explorer's commands show and ask through VS Code's window: messages, progress, the
// clipboard, the browser and the prompts. Commands reach the window only through this interface, so
// each one can run in a test with a recording stand-in.
import * as vscode from 'vscode';
import { type Bbox } from '../../shared/api/bbox';
import { type EmbedStyle } from '../../shared/explorer/embedSnippet';
import { type OrganizationInfo } from '../../shared/explorer/explorerNode';
import { EXPLORER_VIEW_ID } from './explorerCommandIds';
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
import { withAbortSignal } from '../cancellation';

/** The Explorer's prompts; each returns undefined when cancelled. */
export interface ExplorerPrompts {
  area(current: Bbox | undefined): Promise<Bbox | undefined>;
  organizationId(): Promise<string | undefined>;
  imageRef(): Promise<string | undefined>;
  imageSearch(organizations: readonly OrganizationInfo[]): Promise<ImageSearchInput | undefined>;
  mapFeatureSearch(): Promise<MapFeatureSearchInput | undefined>;
  embedStyle(): Promise<EmbedStyle | undefined>;
}

/** A task run under a progress notification: it may report a message and is told of a cancel. */
export type ProgressTask<T> = (
  report: (message: string) => void,
  signal: AbortSignal,
) => Promise<T>;

/** The window as the Explorer's commands use it. Messages are shown without being awaited. */
export interface ExplorerUi {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A short message in the status bar. */
  status(message: string): void;
  copy(text: string): Promise<void>;
  openExternal(url: string): Promise<void>;
  /** Runs `task` with a progress bar across the Explorer view. */
  inView<T>(title: string, task: () => Promise<T>): Promise<T>;
  /** Runs `task` under a progress notification, with a Cancel button when `cancellable`. */
  notify<T>(title: string, cancellable: boolean, task: ProgressTask<T>): Promise<T>;
  readonly prompts: ExplorerPrompts;
}

/** How long a status bar message stays. */
const STATUS_MS = 3000;

/** The Explorer's UI over VS Code's window. */
export function createExplorerUi(): ExplorerUi {
  return {
    info: (message) => void vscode.window.showInformationMessage(message),
    warn: (message) => void vscode.window.showWarningMessage(message),
    error: (message) => void vscode.window.showErrorMessage(message),
    status: (message) => void vscode.window.setStatusBarMessage(message, STATUS_MS),
    copy: async (text) => vscode.env.clipboard.writeText(text),
    openExternal: async (url) => {
      await vscode.env.openExternal(vscode.Uri.parse(url));
    },
    inView: async (title, task) =>
      vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW_ID }, title }, task),
    notify: async (title, cancellable, task) =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable },
        (progress, token) =>
          withAbortSignal(token, (signal) =>
            task((message) => progress.report({ message }), signal),
          ),
      ),
    prompts: {
      area: promptArea,
      organizationId: promptOrganizationId,
      imageRef: promptImageRef,
      imageSearch: promptImageSearch,
      mapFeatureSearch: promptMapFeatureSearch,
      embedStyle: promptEmbedStyle,
    },
  };
}
