// The workbench's quick input (input boxes and quick picks) and the side bar's tree, as a person
// uses them: answers are typed only once the step that asks for them shows, and accepted only once
// the widget shows what was typed.
import type { Locator, Page } from 'playwright-core';

/** The text box of the open quick input. */
export const quickInput = (page: Page): Locator => page.locator('.quick-input-widget input');

/** A row of the side bar's tree whose text contains `text`. */
export function treeRow(page: Page, text: string | RegExp): Locator {
  return page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
}

/** Clicks a row of the side bar's tree with the pointer coming from outside it (no tooltip). */
export async function clickTreeRow(page: Page, text: string | RegExp): Promise<void> {
  await page.mouse.move(900, 500);
  await treeRow(page, text).click();
}

/**
 * Types into the open input box or quick pick and accepts it. With `step` (a text of the step's
 * prompt, placeholder or title), it first waits for that step: in a chain of prompts the previous
 * one may still show for a moment after its Enter. It accepts once the widget shows what was
 * typed: an input box its value, a quick pick a focused row that matches it.
 */
export async function answer(page: Page, text: string, step?: string): Promise<void> {
  const input = quickInput(page);
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  if (step !== undefined) {
    await page.waitForFunction(
      (expected) => {
        const widget = document.querySelector<HTMLElement>('.quick-input-widget');
        const box = widget?.querySelector('input');
        if (!widget || !box || widget.offsetParent === null) return false;
        return widget.innerText.includes(expected) || box.placeholder.includes(expected);
      },
      step,
      { timeout: 15_000 },
    );
  }
  await input.fill(text);
  await page.waitForFunction(
    (typed) => {
      const widget = document.querySelector('.quick-input-widget');
      const box = widget?.querySelector('input');
      if (!widget || !box || box.value !== typed) return false;
      const rows = [...widget.querySelectorAll<HTMLElement>('.quick-input-list .monaco-list-row')];
      if (!rows.some((r) => r.offsetParent !== null)) return true;
      const focused = widget.querySelector<HTMLElement>(
        '.quick-input-list .monaco-list-row.focused',
      );
      return !!focused && focused.innerText.toLowerCase().includes(typed.toLowerCase());
    },
    text,
    { timeout: 10_000 },
  );
  await page.keyboard.press('Enter');
}
