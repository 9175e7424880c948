// The set-up every end-to-end suite shares: skip loudly when the real VS Code host cannot run,
// start the emulator and a local basemap when the suite wants them, start the host with the
// extension installed from its VSIX and pointed at them, open the workbench in headless Chromium,
// and afterwards keep the logs and a screenshot of each failure, save the suite's figures, and stop
// everything. The host's folder is per process (two runs may overlap) and is removed when every
// test passed.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator/emulator';
import { type BasemapServer, startBasemapServer } from '../support/basemapServer';
import { repoRoot } from '../support/fixtures';
import {
  extensionVsix,
  hostUnavailableReason,
  openWorkbench,
  startHost,
  type RunningHost,
  type Workbench,
} from '../support/vscodeHost';

/** Where the suites write screenshots, figures and reports. */
export const E2E_OUT_DIR = path.join(repoRoot, 'test-results', 'e2e');

/** What a suite has started before its host: settings may point at any of it. */
export interface E2eServices {
  emulator?: Emulator;
  basemap?: BasemapServer;
}

/** What an end-to-end suite needs. */
export interface E2eOptions {
  /** Short name, for the host's folder, the failure screenshots and the figures file. */
  name: string;
  /** Starts the emulator; the extension uses it, with its client token from the environment. */
  emulator?: EmulatorOptions;
  /** Serves a local basemap; without it the map has none and needs no network. */
  basemap?: boolean;
  /** More user settings, given what was started; they win over the defaults. */
  settings?: (services: E2eServices) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Opens the workbench in a fresh browser (default); false for a suite that drives its own. */
  workbench?: boolean;
  /** More VSIXes installed beside the extension (e.g. a runner of in-host suites). */
  vsixes?: readonly string[];
  /** Files written into the workspace folder before the workbench opens, by relative path. */
  workspaceFiles?: (
    services: E2eServices,
  ) => Record<string, string> | Promise<Record<string, string>>;
}

/** What a suite gets: each part throws when asked for before the suite started it. */
export interface E2eSuite {
  readonly emulator: Emulator;
  readonly basemap: BasemapServer;
  readonly host: RunningHost;
  readonly workbench: Workbench;
  /** The workbench's page. */
  readonly page: Page;
  /** Figures the suite measured; saved as `<name>-figures.json` and printed at the end. */
  readonly figures: Record<string, number | string>;
  /** The browser console's errors and warnings; saved in the host's folder at the end. */
  readonly consoleLines: string[];
  /** Runs `close` first when the suite ends (e.g. a browser or a proxy of the suite's own). */
  onClose(close: () => Promise<void> | void): void;
  /** The page to screenshot when a test fails, for a suite that opened its own browser. */
  screenshotFrom(page: Page): void;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the end-to-end suite has no ${what}`);
  return value;
}

/** Declares the shared before/after hooks in the calling `describe`; returns the suite's parts. */
export function useE2eSuite(options: E2eOptions): E2eSuite {
  let emulator: Emulator | undefined;
  let basemap: BasemapServer | undefined;
  let host: RunningHost | undefined;
  let workbench: Workbench | undefined;
  let ownPage: Page | undefined;
  let failures = 0;
  const figures: Record<string, number | string> = {};
  const consoleLines: string[] = [];
  const closers: (() => Promise<void> | void)[] = [];

  before(async function () {
    const reason = hostUnavailableReason();
    if (reason) {
      console.warn(`\n!!! SKIPPED end-to-end suite "${options.name}": ${reason}\n`);
      this.skip();
    }
    mkdirSync(E2E_OUT_DIR, { recursive: true });
    if (options.emulator) emulator = await startEmulator(options.emulator);
    if (options.basemap) basemap = await startBasemapServer();
    const settings = {
      'mapillary.basemap.url': basemap?.url ?? '',
      ...(basemap ? { 'mapillary.basemap.attribution': 'Test basemap' } : {}),
      ...(emulator
        ? {
            'mapillary.api.graphUrl': emulator.graphUrl,
            'mapillary.api.tilesUrl': emulator.tilesUrl,
          }
        : {}),
      ...(await options.settings?.({ emulator, basemap })),
    };
    host = await startHost({
      name: `e2e-${options.name}-${process.pid}`,
      vsixes: [extensionVsix(), ...(options.vsixes ?? [])],
      settings,
      workspaceFiles: await options.workspaceFiles?.({ emulator, basemap }),
      env: emulator ? { MAPILLARY_ACCESS_TOKEN: emulator.clientToken } : {},
    });
    if (options.workbench === false) return;
    workbench = await openWorkbench(host);
    workbench.page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        consoleLines.push(`[${message.type()}] ${message.text()}`);
      }
    });
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    failures += 1;
    const title = test.title.split(' ').slice(0, 5).join('-').replace(/\W+/g, '-') || 'test';
    await (ownPage ?? workbench?.page)
      ?.screenshot({ path: path.join(E2E_OUT_DIR, `${options.name}-failed-${title}.png`) })
      .catch(() => undefined);
  });

  after(async function () {
    this.timeout(60_000);
    for (const close of closers.splice(0).reverse()) await close();
    if (host) {
      writeFileSync(path.join(host.runDir, 'code-server.log'), host.output());
      writeFileSync(path.join(host.runDir, 'workbench-console.log'), consoleLines.join('\n'));
    }
    await workbench?.close();
    await host?.stop();
    await basemap?.close();
    await emulator?.close();
    // Kept only when something failed, for its logs. The extension host may still be writing its
    // last state (the tile cache's index, the tile budget) as it exits: removal tries again then.
    if (host && failures === 0) {
      rmSync(host.runDir, { recursive: true, force: true, maxRetries: 20 });
    }
    if (Object.keys(figures).length) {
      const file = path.join(E2E_OUT_DIR, `${options.name}-figures.json`);
      writeFileSync(file, JSON.stringify(figures, null, 2));
      console.log(`    figures: ${JSON.stringify(figures)}`);
    }
  });

  return {
    get emulator() {
      return required(emulator, 'emulator');
    },
    get basemap() {
      return required(basemap, 'basemap');
    },
    get host() {
      return required(host, 'host');
    },
    get workbench() {
      return required(workbench, 'workbench');
    },
    get page() {
      return required(workbench, 'workbench').page;
    },
    figures,
    consoleLines,
    onClose: (close) => closers.push(close),
    screenshotFrom: (page) => (ownPage = page),
  };
}
