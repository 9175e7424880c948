// An input box that validates as the user types with the same parser that reads the final answer,
// so what the box accepts is exactly what the caller gets.
import * as vscode from 'vscode';

/** What a text parser returns: a value, or a message saying what is wrong. */
export type ParseOutcome = { ok: true } | { ok: false; message: string };

/**
 * Shows an input box checked by `parse` on every keystroke; resolves to the parse of the accepted
 * text, or undefined when the user cancels.
 */
export async function askParsed<P extends ParseOutcome>(
  options: vscode.InputBoxOptions,
  parse: (text: string) => P,
): Promise<Extract<P, { ok: true }> | undefined> {
  const text = await vscode.window.showInputBox({
    ignoreFocusOut: true,
    ...options,
    validateInput: (value) => {
      const parsed = parse(value);
      return parsed.ok ? undefined : parsed.message;
    },
  });
  if (text === undefined) return undefined;
  const parsed = parse(text);
  return parsed.ok ? (parsed as Extract<P, { ok: true }>) : undefined;
}
