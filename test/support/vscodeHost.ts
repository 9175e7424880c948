// Runs the real VS Code host (code-server, installed by scripts/installVscodeHost.sh) for the
// integration and end-to-end suites: a fresh user-data and extensions folder per run, the extension
// installed from its VSIX exactly as a user would, and headless Chromium to open the workbench
// (the extension host starts only when a browser connects).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { repoRoot } from './fixtures';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HOST_DIR = path.join(repoRoot, '.vscode-test', 'code-server');
const ENTRY = path.join(HOST_DIR, 'out', 'node', 'entry.js');

/** Why the real host cannot run here, or undefined when it can. */
export function hostUnavailableReason(): string | undefined {
  if (!existsSync(ENTRY)) {
    return `the real VS Code host is not installed (${HOST_DIR}); run scripts/installVscodeHost.sh as root`;
  }
  if (!existsSync(CHROMIUM_PATH)) {
    return `Chromium is not installed at ${CHROMIUM_PATH}; apt-get install chromium (as root)`;
  }
  return undefined;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface HostOptions {
  /** A name for the run's folder under test-results/host/. */
  name: string;
  /** VSIX files to install, in order. */
  vsixes: string[];
  /** Extra user settings (merged over the defaults that disable workspace trust and the welcome page). */
  settings?: Record<string, unknown>;
  /** Files to create in the workspace folder. */
  workspaceFiles?: Record<string, string>;
  /** Folder for the profile and workspace (default test-results/host/<name>, wiped first). */
  runDir?: string;
  /** Keep an existing profile and workspace instead of starting fresh. */
  keep?: boolean;
  /** Port to listen on (default: a free one). */
  port?: number;
  /** Extra environment for code-server and its extension host. */
  env?: Record<string, string>;
}

export interface RunningHost {
  url: string;
  port: number;
  runDir: string;
  userDataDir: string;
  extensionsDir: string;
  workspaceDir: string;
  /** Everything code-server printed. */
  output(): string;
  stop(): Promise<void>;
}

function installExtension(entryArgs: string[], vsix: string): void {
  const result = spawnSync(
    process.execPath,
    [ENTRY, ...entryArgs, '--install-extension', vsix, '--force'],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (result.status !== 0 || !/successfully installed/i.test(result.stdout + result.stderr)) {
    throw new Error(
      `installing ${path.basename(vsix)} failed:\n${result.stdout}\n${result.stderr}`,
    );
  }
}

/** Starts code-server with the given extensions installed; resolves once it answers HTTP. */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const reason = hostUnavailableReason();
  if (reason) throw new Error(reason);
  const runDir = options.runDir ?? path.join(repoRoot, 'test-results', 'host', options.name);
  if (!options.keep) rmSync(runDir, { recursive: true, force: true });
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const workspaceDir = path.join(runDir, 'workspace');
  for (const dir of [userDataDir, extensionsDir, workspaceDir, path.join(userDataDir, 'User')]) {
    mkdirSync(dir, { recursive: true });
  }
  for (const [file, content] of Object.entries(options.workspaceFiles ?? {})) {
    mkdirSync(path.dirname(path.join(workspaceDir, file)), { recursive: true });
    writeFileSync(path.join(workspaceDir, file), content);
  }
  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    ...options.settings,
  };
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const dirArgs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const vsix of options.vsixes) installExtension(dirArgs, vsix);

  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ENTRY,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...dirArgs,
      workspaceDir,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, VSCODE_PROXY_URI: '', ...options.env },
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspaceDir)}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited early:\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`code-server did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    runDir,
    userDataDir,
    extensionsDir,
    workspaceDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

export interface Workbench {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** The flags headless Chromium runs the workbench with: no GPU, no traffic of its own. */
export const WORKBENCH_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Opens the workbench in headless Chromium and waits until it is ready. */
export async function openWorkbench(
  host: RunningHost,
  viewport = { width: 1400, height: 900 },
): Promise<Workbench> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...WORKBENCH_ARGS],
  });
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return { browser, page, close: () => browser.close() };
}

/**
 * Runs a command from the command palette as a person would: Ctrl+Shift+P, type, Enter. Right after
 * start-up the palette may open before the extensions' commands are known, so it is closed and
 * opened again until the command is listed (or until it opens at all). With `exact`, the row whose
 * label is the title and nothing more is clicked: otherwise the first row that contains the title
 * is taken, and "Mapillary: Sign In with Access Token" contains "Mapillary: Sign In".
 */
export async function runCommand(
  page: Page,
  title: string,
  options: { exact?: boolean; timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  for (;;) {
    try {
      // On a loaded machine, or with a webview holding the focus, the palette may not open on the
      // first press: that is tried again too.
      await page.keyboard.press('Control+Shift+P');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`);
      const row = options.exact
        ? rows.filter({ has: page.locator('.label-name', { hasText: exact }) }).first()
        : rows.filter({ hasText: title }).first();
      await row.waitFor({ state: 'visible', timeout: 3_000 });
      if (options.exact) await row.click();
      else await page.keyboard.press('Enter');
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw error;
      await page.waitForTimeout(500);
    }
  }
}

/** Finds the frame of the map webview (webviews render in nested iframes). */
export async function mapFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.$('#map.leaflet-container').catch(() => null)) return frame;
    }
    if (Date.now() > deadline) throw new Error('no frame with a Leaflet map appeared');
    await page.waitForTimeout(100);
  }
}

/** Builds the VSIX of the extension if it is missing; returns its path. */
export function extensionVsix(): string {
  const vsix = path.join(repoRoot, 'mapillary-explorer.vsix');
  if (!existsSync(vsix)) {
    throw new Error(`${vsix} is missing: run "npm run package" first (npm test does)`);
  }
  return vsix;
}
