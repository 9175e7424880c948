// "Mapillary: Check Connection": the connection check of the command line's `doctor` (one Graph
// call, one batched read, one tile call) with the extension's settings and tokens. The report goes
// to the log line by line and a summary to a notification, with the fix when tiles lack a client
// token. Nothing shown holds a token.
import * as vscode from 'vscode';
import { type ConnectionReport, checkConnection } from '../core/api/connectionCheck';
import { connectionReportLines } from '../core/api/connectionReportText';
import type { Logger } from '../shared/logger';
import { errorText } from '../shared/redact';
import type { ServiceHost } from './serviceHost';
import { withAbortSignal } from './cancellation';

const TITLES = { graph: 'Graph call', batch: 'batched read', tiles: 'tile call' } as const;

/** Runs the check in a cancellable notification; undefined when cancelled or it could not start. */
export async function runCheckConnection(
  services: ServiceHost,
  log: Logger,
): Promise<ConnectionReport | undefined> {
  let report: ConnectionReport;
  try {
    report = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'Mapillary: checking the connection…',
        cancellable: true,
      },
      (_progress, cancellation) =>
        withAbortSignal(cancellation, async (signal) =>
          checkConnection(await services.get(), { signal }),
        ),
    );
  } catch (error) {
    const message = errorText(error);
    log.warn(`the connection check could not run: ${message}`);
    void vscode.window.showErrorMessage(
      `Mapillary: the connection check could not run: ${message}`,
    );
    return undefined;
  }
  for (const line of connectionReportLines(report)) log.info(line);
  const summary = report.steps
    .map((s) => `${TITLES[s.name]} ${s.skipped ? 'not tried' : s.ok ? 'worked' : 'failed'}`)
    .join(', ');
  const tiles = report.steps.find((s) => s.name === 'tiles');
  const needsClientToken = tiles?.skipped === true;
  const text = `Mapillary: ${summary} (token: ${report.tokenKind}${report.headroomPct === undefined ? '' : `, ${report.headroomPct}% rate-limit headroom`}).`;
  const actions = needsClientToken ? ['Show Details', 'Set Client Token'] : ['Show Details'];
  const shown = report.ok
    ? vscode.window.showInformationMessage(text, ...actions)
    : vscode.window.showWarningMessage(text, ...actions);
  void shown.then((choice) => {
    if (choice === 'Show Details') void vscode.commands.executeCommand('mapillary.showLog');
    if (choice === 'Set Client Token')
      void vscode.commands.executeCommand('mapillary.setClientToken');
  });
  return report;
}
