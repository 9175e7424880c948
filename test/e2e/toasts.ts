// The workbench's notification toasts, as the suites look for them.
import type { Locator, Page } from 'playwright-core';
import { runCommand } from '../support/vscodeHost';
import { waitFor } from '../support/waitFor';

/** The first toast on screen whose text has `text`. */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
}

/** The toasts on screen, as text. */
export async function toasts(page: Page): Promise<string[]> {
  return page
    .locator('.notifications-toasts .notification-list-item-message')
    .allInnerTexts()
    .catch(() => []);
}

/** Waits for a toast whose text matches; returns its text. */
export async function waitForToast(
  page: Page,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<string> {
  try {
    return await waitFor(
      `a toast matching ${pattern}`,
      async () => (await toasts(page)).find((t) => pattern.test(t)),
      { timeoutMs, intervalMs: 200 },
    );
  } catch {
    throw new Error(`no toast matching ${pattern}; shown: ${JSON.stringify(await toasts(page))}`);
  }
}

/** Closes every toast, so that the next check sees only new ones. */
export async function clearToasts(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await waitFor('the toasts to close', async () => (await toasts(page)).length === 0);
}
