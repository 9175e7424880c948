// Owns the extension's Mapillary client: created on first use from the settings, rebuilt when the
// API settings change, with the tile cache and daily budget kept in the extension's global storage.
import * as vscode from 'vscode';
import { createMapillaryClient, type MapillaryClient } from '../core/api/mapillaryClient';
import type { InvalidTokenHook, TokenProvider } from '../core/http/mapillaryHttp';
import type { Logger } from '../shared/logger';
import { userSetting } from './userSetting';

/** Where the services get their token; the sign-in code provides it. */
export interface TokenSource {
  getToken: TokenProvider;
  onInvalidToken?: InvalidTokenHook;
}

/** The client token from the `MAPILLARY_ACCESS_TOKEN` environment variable, if set. */
function environmentToken(): string | undefined {
  return process.env.MAPILLARY_ACCESS_TOKEN?.trim() || undefined;
}

/** A token source for when no one is signed in: the `MAPILLARY_ACCESS_TOKEN` environment variable. */
export const environmentTokenSource: TokenSource = {
  getToken: () => Promise.resolve(environmentToken()),
};

export class ServiceHost implements vscode.Disposable {
  private services: Promise<MapillaryClient> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private tokenSource: TokenSource = environmentTokenSource,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mapillary.api')) this.reset();
      }),
    );
  }

  /** Replaces the token source (when sign-in is wired in) and drops the current clients. */
  setTokenSource(source: TokenSource): void {
    this.tokenSource = source;
    this.reset();
  }

  /** The client for the current settings. */
  get(): Promise<MapillaryClient> {
    this.services ??= this.create();
    return this.services;
  }

  private create(): Promise<MapillaryClient> {
    // Where the token goes: the user's own settings only, never a workspace's.
    const graphUrl = userSetting('mapillary.api', 'graphUrl', 'https://graph.mapillary.com');
    const tilesUrl = userSetting('mapillary.api', 'tilesUrl', 'https://tiles.mapillary.com');
    this.log.info(`using the Graph API at ${graphUrl} and tiles at ${tilesUrl}`);
    return createMapillaryClient({
      graphUrl,
      tilesUrl,
      getToken: () => this.tokenSource.getToken(),
      onInvalidToken: () => this.tokenSource.onInvalidToken?.() ?? Promise.resolve(false),
      // The environment's token is an app's client token: tiles take it as `access_token`, as the
      // service prefers; any other token (a user's) goes in the Authorization header.
      clientToken: environmentToken(),
      storageDir: this.context.globalStorageUri.fsPath,
      logger: this.log,
      onEvent: (event) => {
        if (event.type === 'retry' || event.type === 'throttle' || event.type === 'failure') {
          this.log.debug(
            `${event.channel} ${event.type} #${event.requestId} attempt ${event.attempt}: ${event.url}` +
              (event.status ? ` (${event.status})` : '') +
              (event.delayMs ? `, waiting ${event.delayMs} ms` : ''),
          );
        }
      },
    });
  }

  private reset(): void {
    const old = this.services;
    this.services = undefined;
    void old?.then((s) => s.flush()).catch(() => undefined);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.reset();
  }
}
