// The workbench's context menus (shown for the Explorer, the tree and webviews), as a person uses
// them from the keyboard once the pointer is on the entry.
import type { Page } from 'playwright-core';

/** The entry `label` of the context menu on screen. */
export function menuEntry(page: Page, label: string) {
  return page.locator('.context-view .monaco-menu .action-item', { hasText: label }).first();
}

/**
 * Runs the entry `label` of the context menu on screen: hovered, the entry takes the focus, and
 * Enter runs it once it has (a click can land while the menu settles, and Enter before the focus
 * moved runs whichever entry had it).
 */
export async function chooseMenuEntry(page: Page, label: string): Promise<void> {
  const item = menuEntry(page, label);
  await item.waitFor({ state: 'visible', timeout: 15_000 });
  await item.hover();
  await page.waitForFunction(
    (text) =>
      [...document.querySelectorAll<HTMLElement>('.context-view .monaco-menu .action-item')].some(
        (el) => el.classList.contains('focused') && el.innerText.includes(text),
      ),
    label,
    { timeout: 10_000 },
  );
  await page.keyboard.press('Enter');
  await item.waitFor({ state: 'hidden', timeout: 15_000 });
}
