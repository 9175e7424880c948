// Runs one export job in the editor: a progress notification that counts items and can be
// cancelled, the job's output in the workspace's export folder, and a summary with a button that
// opens the result. A cancelled or unfinished job keeps its state, so running the command again
// finishes it.
import * as vscode from 'vscode';
import { type JobContext } from '../../core/export/jobContext';
import { JobError } from '../../core/export/jobErrors';
import { type JobResult, everythingDone } from '../../core/export/jobTypes';
import { type MapillaryClient } from '../../core/api/mapillaryClient';
import { type Logger } from '../../shared/logger';
import { redact } from '../../shared/redact';

/** The export folder: the setting under the first workspace folder, else one the user picks. */
export async function exportFolder(): Promise<vscode.Uri | undefined> {
  const name = vscode.workspace
    .getConfiguration('mapillary.export')
    .get<string>('folder', 'mapillary-export')
    .trim();
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (root && root.scheme === 'file') return vscode.Uri.joinPath(root, name || 'mapillary-export');
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: 'Export Here',
  });
  return picked?.[0];
}

/** Runs `job` under a cancellable progress notification and shows the summary. */
export async function runExport(
  title: string,
  client: MapillaryClient,
  log: Logger,
  job: (context: JobContext) => Promise<JobResult>,
): Promise<JobResult | undefined> {
  let result: JobResult | undefined;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        let shownPct = 0;
        try {
          return await job({
            api: client.api,
            tiles: client.tiles,
            signal: controller.signal,
            onProgress: (p) => {
              const pct = p.total > 0 ? (p.done / p.total) * 100 : 0;
              const skipped = p.skipped ? `, ${p.skipped} skipped` : '';
              const failed = p.failed ? `, ${p.failed} failed` : '';
              progress.report({
                message: `${p.done}/${p.total} ${p.unit}${skipped}${failed}`,
                increment: Math.max(0, pct - shownPct),
              });
              shownPct = Math.max(shownPct, pct);
            },
          });
        } finally {
          subscription.dispose();
        }
      },
    );
  } catch (error) {
    if (error instanceof JobError && error.kind === 'cancelled') {
      log.info(`${title}: cancelled`);
      void vscode.window.showWarningMessage(
        `${title} cancelled. The work done so far is kept: run the command again to finish.`,
      );
      return undefined;
    }
    const message = redact(error instanceof Error ? error.message : String(error));
    log.warn(`${title} failed: ${message}`);
    void vscode.window.showErrorMessage(`${title} failed: ${message}`);
    return undefined;
  }
  void summarise(title, result, log);
  return result;
}

async function summarise(title: string, result: JobResult, log: Logger): Promise<void> {
  const reasons = new Map<string, number>();
  for (const s of result.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  const skipped = result.skipped.length
    ? ` Skipped ${result.skipped.length}: ${[...reasons].map(([r, n]) => `${n} ${r}`).join(', ')}.`
    : '';
  log.info(
    `${title}: ${result.written} written to ${result.output}, ${result.skipped.length} skipped, ${result.failed.length} failed, ${result.reused} reused`,
  );
  if (!result.complete) {
    const first = result.failed[0];
    void vscode.window.showWarningMessage(
      redact(
        `${title}: ${result.failed.length} item(s) failed${first ? ` (${first.reason})` : ''}; nothing was written under the final name. Run the command again to finish.${skipped}`,
      ),
    );
    return;
  }
  const text = `${title}: ${result.written} written to ${vscode.workspace.asRelativePath(result.output)}.${skipped}`;
  const show = everythingDone(result)
    ? vscode.window.showInformationMessage
    : vscode.window.showWarningMessage;
  const choice = await show(text, 'Open');
  if (choice !== 'Open') return;
  const uri = vscode.Uri.file(result.output);
  if (result.job === 'download') {
    await vscode.commands.executeCommand('revealInExplorer', uri);
  } else {
    await vscode.commands.executeCommand('vscode.open', uri);
  }
}
