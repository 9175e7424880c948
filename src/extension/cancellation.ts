// VS Code cancels work with a CancellationToken; the core stops on an AbortSignal. One bridge for
// every command, progress notification, hover and tool.
import type * as vscode from 'vscode';

/** Runs `work` with a signal that aborts when `token` is cancelled (or already was). */
export async function withAbortSignal<T>(
  token: vscode.CancellationToken,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const subscription = token.onCancellationRequested(() => controller.abort());
  try {
    return await work(controller.signal);
  } finally {
    subscription.dispose();
  }
}
