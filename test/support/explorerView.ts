// The workbench's Explorer view as a person uses it: shown from the palette, refreshed, and files
// opened folder by folder.
import type { Locator, Page } from 'playwright-core';
import { runCommand } from './vscodeHost';
import { waitFor } from './waitFor';

/**
 * Waits until the Explorer view lists a row holding `name`, and returns it. Until then, on each
 * try, it closes whatever popup may hold the keyboard, shows the Explorer from the palette when it
 * is not shown (a webview may hold the focus, or another view the side bar), and refreshes it (a
 * loaded machine may be out of file watches, so files written after start-up need a refresh).
 */
export async function explorerRow(page: Page, name: string, timeoutMs = 60_000): Promise<Locator> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await waitFor(
    `"${name}" in the Explorer`,
    async () => {
      if (await row.isVisible()) return true;
      await page.keyboard.press('Escape');
      // The side bar's title names the view container it shows ("Explorer", not "Mapillary: …").
      const title = await page
        .locator('.part.sidebar .composite.title .title-label h2')
        .first()
        .textContent({ timeout: 2_000 })
        .catch(() => null);
      if (title?.trim().toLowerCase() !== 'explorer') await runCommand(page, 'View: Show Explorer');
      // The view's refresh button shows while the pointer is over the view's header.
      await page
        .locator('.part.sidebar .pane-header', {
          has: page.locator('[aria-label="Refresh Explorer"]'),
        })
        .first()
        .hover({ timeout: 5_000 })
        .catch(() => undefined);
      await page
        .locator('.part.sidebar .action-label[aria-label="Refresh Explorer"]')
        .first()
        .click({ force: true, timeout: 5_000 })
        .catch(() => undefined);
      return row.waitFor({ timeout: 3_000 }).then(
        () => true,
        () => false,
      );
    },
    { timeoutMs, intervalMs: 1_000 },
  );
  return row;
}

/**
 * Clicks a file in the Explorer, opening its folders on the way. A left click is a double click,
 * so that the file stays open beyond preview.
 */
export async function clickExplorerFile(
  page: Page,
  relativePath: string,
  button: 'left' | 'right' = 'left',
): Promise<void> {
  const parts = relativePath.split('/');
  for (const [i, part] of parts.entries()) {
    const row = await explorerRow(page, part);
    if (i < parts.length - 1) {
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    } else if (button === 'right') await row.click({ button: 'right' });
    else await row.dblclick();
  }
}
