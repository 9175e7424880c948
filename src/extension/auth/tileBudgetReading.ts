// Reads the day's tile budget for display. The tile fetcher owns the count and keeps it in
// `tile-budget.json` under the extension's global storage (see createMapillaryClient's
// `storageDir`); reading never consumes or writes anything. The file lags the count by up to a
// second, which is close enough for a hover.
import * as vscode from 'vscode';
import { DailyBudget } from '../../core/http/dailyBudget';
import { type TileBudgetReading } from './tileBudgetText';

/** The budget file's name under `context.globalStorageUri`, as the Mapillary client writes it. */
export const TILE_BUDGET_FILE = 'tile-budget.json';

/** Today's remaining tiles as counted in the budget file (a missing file counts as none used). */
export async function readTileBudget(context: vscode.ExtensionContext): Promise<TileBudgetReading> {
  const budget = await DailyBudget.open({
    file: vscode.Uri.joinPath(context.globalStorageUri, TILE_BUDGET_FILE).fsPath,
  });
  return { remaining: budget.remaining(), limit: budget.limit };
}
