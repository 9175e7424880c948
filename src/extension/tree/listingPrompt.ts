// Asking before a costly listing: the `mapillary.tiles.confirmOver` threshold (from the user's own
// settings: a workspace must not be able to spend the day's tile budget without asking), and the
// modal that says what the listing may cost against what today's budget has left.
import * as vscode from 'vscode';
import { DEFAULT_CONFIRM_TILES } from '../../shared/explorer/listingCost';
import { userSetting } from '../userSetting';

/** The button that starts a listing. */
export const LIST_BUTTON = 'List Sequences';

/** Most tiles a listing may read without asking, from the user's settings. */
export function confirmOverSetting(): number {
  const value = userSetting<unknown>('mapillary.tiles', 'confirmOver', DEFAULT_CONFIRM_TILES);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? value
    : DEFAULT_CONFIRM_TILES;
}

/** Asks, in a modal, whether to run a listing that may cost what `text` says. */
export async function confirmListing(text: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    'Mapillary: list the sequences of this large area?',
    {
      modal: true,
      detail: `${text} The threshold is the setting mapillary.tiles.confirmOver.`,
    },
    LIST_BUTTON,
  );
  return choice === LIST_BUTTON;
}

/** A command's file argument: the URI the file explorer passes, or a path. */
export function fileArgument(value: unknown): vscode.Uri | string {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw new Error('Choose a .geojson file of the workspace.');
}
