// What the sign-in suite uses besides the workbench's usual steps: a proxy that records the tokens
// the emulator issues, the extension's log, commands run by their exact title, URIs opened as the
// operating system opens them, and the files a run wrote, searched byte by byte.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { type HttpProxy, startProxy } from '../support/httpProxy';
import { type RunningHost, runCommand } from '../support/vscodeHost';
import { waitFor } from '../support/waitFor';

/** What went through the recording proxy between the extension host and the emulator. */
export interface ProxyLog {
  /** Every access token the token endpoint issued. */
  issued: string[];
  /** `grant_type` of every token request. */
  grants: string[];
  /** The token of every `/me` request (from its Authorization header) and the answer's status. */
  me: { token: string; status: number; url: string }[];
}

/**
 * A transparent proxy in front of the emulator that records the tokens it issues: the test needs
 * their values for the leak search, and the extension must not be asked to reveal them.
 */
export async function startRecordingProxy(target: string): Promise<HttpProxy & { log: ProxyLog }> {
  const log: ProxyLog = { issued: [], grants: [], me: [] };
  const proxy = await startProxy(target, {
    onExchange: (exchange) => {
      if (exchange.path === '/token') {
        log.grants.push(new URLSearchParams(exchange.body.toString()).get('grant_type') ?? '');
        try {
          const json = JSON.parse(exchange.responseBody.toString()) as { access_token?: string };
          if (json.access_token) log.issued.push(json.access_token);
        } catch {
          // an error answer
        }
      }
      if (exchange.path === '/me') {
        const token = /^OAuth\s+(\S+)/.exec(exchange.headers.authorization ?? '')?.[1] ?? '';
        log.me.push({ token, status: exchange.status, url: exchange.url });
      }
    },
  });
  return Object.assign(proxy, { log });
}

/** The entries of the Accounts menu (none when it has nothing to show), closing it again. */
export async function accountsMenuEntries(page: Page): Promise<string[]> {
  await page.locator('.activitybar [aria-label^="Accounts"]').first().click();
  // The menu is built from what the workbench holds and shown within a frame or two.
  await page.evaluate(async () => {
    for (let i = 0; i < 3; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  });
  const entries = await page.locator('.monaco-menu .action-label').allInnerTexts();
  await page.keyboard.press('Escape');
  return entries;
}

/** The extension's log as the host wrote it so far (its output channel's file). */
export function extensionLog(host: RunningHost): string {
  return filesUnder(host.userDataDir)
    .filter((f) => /Mapillary\.log$/.test(f))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

/** How many times the extension's log holds `line`. */
export function logCount(host: RunningHost, line: string): number {
  return extensionLog(host).split(line).length - 1;
}

/** Waits until the extension has logged `line` once more than `before` times. */
export async function loggedAgain(host: RunningHost, line: string, before: number): Promise<void> {
  await waitFor(`the log line "${line}"`, () => logCount(host, line) > before, {
    intervalMs: 200,
  });
}

/** Opens a URI the way an operating system hands one to the editor ("Developer: Open URL"). */
export async function openUrl(page: Page, url: string): Promise<void> {
  await runCommand(page, 'Developer: Open URL', { exact: true });
  await answerInput(page, url);
  // VS Code may ask whether the extension may open the URI.
  const open = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ });
  if (
    await open
      .first()
      .isVisible({ timeout: 3_000 })
      .catch(() => false)
  )
    await open.first().click();
}

/** Types into the open quick input and presses Enter. */
export async function answerInput(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(text);
  await page.keyboard.press('Enter');
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Where a needle occurs in a file, as text and as the UTF-16 that some stores use. */
export function fileContains(file: string, needle: string): boolean {
  // A lock file can vanish between the listing and the read.
  if (!existsSync(file)) return false;
  const bytes = readFileSync(file);
  return (
    bytes.includes(Buffer.from(needle, 'utf8')) || bytes.includes(Buffer.from(needle, 'utf16le'))
  );
}
