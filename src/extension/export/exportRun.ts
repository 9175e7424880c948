// Runs one export job in the editor: a progress notification that counts items and can be
// cancelled, the job's output in the export folder (see exportFolder), and a summary with a button
// that opens the result. A cancelled or unfinished job keeps its state, so running the command again
// finishes it.
import * as vscode from 'vscode';
import { type ExportJob } from '../../core/export/jobCatalog';
import { type JobContext } from '../../core/export/jobContext';
import { JobError } from '../../core/export/jobErrors';
import { cancelledText, stoppedText, summariseJob } from '../../core/export/jobSummary';
import { type JobResult, everythingDone } from '../../core/export/jobTypes';
import { type MapillaryClient } from '../../core/api/mapillaryClient';
import { type Logger } from '../../shared/logger';
import { redact } from '../../shared/redact';
import { type ExportFolder } from './exportFolder';

/** Runs `run` under a cancellable progress notification and shows the job's summary. */
export async function runExport(
  job: ExportJob,
  client: MapillaryClient,
  log: Logger,
  folder: ExportFolder,
  run: (context: JobContext) => Promise<JobResult>,
): Promise<JobResult | undefined> {
  const { title } = job;
  let result: JobResult | undefined;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        let shownPct = 0;
        try {
          return await run({
            api: client.api,
            tiles: client.tiles,
            signal: controller.signal,
            root: folder.root,
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
      void vscode.window.showWarningMessage(cancelledText(title));
      return undefined;
    }
    const message = redact(
      error instanceof JobError
        ? stoppedText(error)
        : error instanceof Error
          ? error.message
          : String(error),
    );
    log.warn(`${title} failed: ${message}`);
    void vscode.window.showErrorMessage(`${title} failed: ${message}`);
    return undefined;
  }
  void showSummary(job, result, log);
  return result;
}

async function showSummary(job: ExportJob, result: JobResult, log: Logger): Promise<void> {
  const summary = summariseJob(job, result, vscode.workspace.asRelativePath(result.output));
  log.info(
    `${job.title}: ${result.written} written to ${result.output}, ${result.skipped.length} skipped, ${result.failed.length} failed, ${result.reused} reused`,
  );
  const sentences = [summary.headline, summary.skipped ?? ''].filter(Boolean);
  const text = redact(
    `${job.title}: ${sentences.map((s) => (s.endsWith('.') ? s : `${s}.`)).join(' ')}`,
  );
  if (!result.complete) {
    void vscode.window.showWarningMessage(text);
    return;
  }
  const show = everythingDone(result)
    ? vscode.window.showInformationMessage
    : vscode.window.showWarningMessage;
  const choice = await show(text, 'Open');
  if (choice !== 'Open') return;
  const uri = vscode.Uri.file(result.output);
  // A folder, or a binary file no editor shows: revealed in the Explorer instead of opened.
  if (result.job === 'download' || /\.(gpkg|fgb|parquet)$/.test(result.output)) {
    await vscode.commands.executeCommand('revealInExplorer', uri);
  } else {
    await vscode.commands.executeCommand('vscode.open', uri);
  }
}
