// Owns the extension's Mapillary client: created on first use from the settings, rebuilt when the
// API settings change, with the tile cache and daily budget kept in the extension's global storage.
// Graph calls take the session's token (or MAPILLARY_ACCESS_TOKEN); tiles take a client token only
// (see auth/tileTokens.ts). When tiles need a client token and there is none, or the tiles URL
// setting is in the old form, the person is told once per session, with the command that fixes it.
import * as vscode from 'vscode';
import { createMapillaryClient, type MapillaryClient } from '../core/api/mapillaryClient';
import { readEnvironmentTokens, type EnvironmentTokens } from '../core/auth/environmentTokens';
import type { InvalidTokenHook, TokenProvider } from '../core/http/mapillaryHttp';
import type { TileTokenCandidate } from '../core/tiles/tileToken';
import type { Logger } from '../shared/logger';
import { redact } from '../shared/redact';
import { DEFAULT_TILES_URL, normalizeTilesUrl } from '../shared/tiles/tileSets';
import { missingClientTokenText } from './auth/tileTokens';
import { userSetting } from './userSetting';

/** Where the services get their Graph token; the sign-in code provides it. */
export interface TokenSource {
  getToken: TokenProvider;
  onInvalidToken?: InvalidTokenHook;
}

/** The environment's tokens, read and cleaned in one place (core/auth/environmentTokens.ts). */
export function environmentTokens(): EnvironmentTokens {
  return readEnvironmentTokens(process.env);
}

/** A token source for when no one is signed in: the `MAPILLARY_ACCESS_TOKEN` environment variable. */
export const environmentTokenSource: TokenSource = {
  getToken: () => Promise.resolve(environmentTokens().accessToken),
};

/** What the host needs besides the context and the log. */
export interface ServiceHostOptions {
  tokenSource?: TokenSource;
  /** The tokens that may serve tiles, best first; by default the environment's. */
  tileTokens?: () => Promise<TileTokenCandidate[]>;
}

/** The command that saves the client token. */
const SET_CLIENT_TOKEN_COMMAND = 'mapillary.setClientToken';

export class ServiceHost implements vscode.Disposable {
  private services: Promise<MapillaryClient> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private tokenSource: TokenSource;
  private readonly tileTokens: (() => Promise<TileTokenCandidate[]>) | undefined;
  private toldMissingClientToken = false;
  private readonly toldTilesUrl = new Set<string>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    options: ServiceHostOptions = {},
  ) {
    this.tokenSource = options.tokenSource ?? environmentTokenSource;
    this.tileTokens = options.tileTokens;
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mapillary.api')) this.reset();
      }),
      this.context.secrets.onDidChange(() => {
        // A client token saved now may serve tiles: say so again if it is still missing.
        this.toldMissingClientToken = false;
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
    const tiles = normalizeTilesUrl(userSetting('mapillary.api', 'tilesUrl', DEFAULT_TILES_URL));
    if (tiles.warning) this.warnTilesUrl(tiles.warning);
    this.log.info(`using the Graph API at ${graphUrl} and tiles at ${tiles.url}`);
    const environment = environmentTokens();
    for (const problem of environment.problems) this.log.warn(`${problem} It is ignored.`);
    return createMapillaryClient({
      graphUrl,
      tilesUrl: tiles.url,
      getToken: () => this.tokenSource.getToken(),
      onInvalidToken: () => this.tokenSource.onInvalidToken?.() ?? Promise.resolve(false),
      clientToken: environment.clientToken,
      ...(this.tileTokens ? { tileTokens: this.tileTokens } : {}),
      missingClientToken: ({ userToken }) => {
        const text = missingClientTokenText(userToken);
        this.tellMissingClientToken(text);
        return text;
      },
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

  /** Says once per session that tiles need a client token, with the command that adds one. */
  private tellMissingClientToken(text: string): void {
    if (this.toldMissingClientToken) return;
    this.toldMissingClientToken = true;
    this.log.warn(text);
    void vscode.window
      .showWarningMessage(`Mapillary: ${text}`, 'Set Client Token')
      .then((choice) =>
        choice ? vscode.commands.executeCommand(SET_CLIENT_TOKEN_COMMAND) : undefined,
      );
  }

  /** Says once per value that the tiles URL setting was corrected. */
  private warnTilesUrl(warning: string): void {
    const text = redact(warning);
    this.log.warn(text);
    if (this.toldTilesUrl.has(text)) return;
    this.toldTilesUrl.add(text);
    void vscode.window
      .showWarningMessage(`Mapillary: ${text}`, 'Open Settings')
      .then((choice) =>
        choice
          ? vscode.commands.executeCommand(
              'workbench.action.openSettings',
              'mapillary.api.tilesUrl',
            )
          : undefined,
      );
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
