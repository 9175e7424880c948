// What the commands on files shown over the map do (see overlayCommands for their ids):
// - Show on Map: reads the file (confined to its workspace folder, bounded), opens the map, and
//   waits until the map has drawn it or said why it cannot, with progress while a large file loads;
// - List Points of File: the points of a point file (shown first if it is not on the map yet) in a
//   quick pick; choosing one moves the map there and asks for the images looking at it;
// - Use File as Area: the palette's way to the Explorer's "Use as Area" for the file in the editor.
import * as vscode from 'vscode';
import type { Logger } from '../../shared/logger';
import { OverlayError } from '../../shared/overlay/overlayFeatures';
import type { OverlayReport } from '../../shared/overlay/overlayMessages';
import type { MapController } from '../mapController';
import { imagesLookingAtHere } from './imagesLookingAt';
import type { OverlayHandlers } from './overlayCommands';
import type { OverlayEntry } from './overlayRegistry';
import { type OverlayTarget, overlayTarget } from './overlayTarget';

/** Zoom the map goes to for a chosen point: close enough to see the images around it. */
const POINT_ZOOM = 18;

function plural(n: number, what: string): string {
  return `${n.toLocaleString('en')} ${what}${n === 1 ? '' : 's'}`;
}

/** One line on what a drawn file holds. */
export function reportText(report: OverlayReport): string {
  const parts: string[] = [];
  if (report.pointCount) parts.push(plural(report.pointCount, 'point'));
  if (report.lines) parts.push(plural(report.lines, 'line'));
  if (report.polygons) parts.push(plural(report.polygons, 'polygon'));
  return parts.join(', ') + (report.clustered ? ' (points clustered)' : '');
}

/** The handlers of the overlay commands, on the window's map. */
export function createOverlayFeature(map: MapController, log: Logger): OverlayHandlers {
  const show = async (
    target: OverlayTarget,
  ): Promise<{ entry: OverlayEntry; report: OverlayReport }> =>
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Mapillary: showing ${target.name} on the map`,
      },
      async () => {
        map.show(undefined, { preserveFocus: true });
        const entry = await map.overlays.add(target.file, target.root);
        const report = await map.overlays.whenDrawn(entry.id);
        vscode.window.setStatusBarMessage(
          `Mapillary: ${target.name} on the map: ${reportText(report)}`,
          10_000,
        );
        return { entry, report };
      },
    );

  return {
    showOnMap: async (args) => {
      await show(overlayTarget(args, 'show it on the map'));
    },

    listPoints: async (args) => {
      const target = overlayTarget(args, 'list its points');
      const known = map.overlays.find(target.file);
      const report = known?.report ?? (await show(target)).report;
      if (report.pointCount === 0) {
        throw new OverlayError(`${target.name} has no points to list (${reportText(report)}).`);
      }
      const items = report.listedPoints.map((p) => ({
        label: p.label,
        description: `${p.lat.toFixed(6)}, ${p.lon.toFixed(6)}`,
        point: p,
      }));
      const more =
        report.pointCount > items.length
          ? ` (the first ${plural(items.length, 'point')} of ${report.pointCount.toLocaleString('en')})`
          : '';
      const chosen = await vscode.window.showQuickPick(items, {
        title: `Points of ${target.name}${more}: choose one for the images looking at it`,
        placeHolder: 'Images looking at here',
        matchOnDescription: true,
      });
      if (!chosen) return;
      const { lon, lat } = chosen.point;
      map.show({ center: [lat, lon], zoom: POINT_ZOOM }, { preserveFocus: true });
      await imagesLookingAtHere(log, lon, lat);
    },

    useAsArea: async (args) => {
      const target = overlayTarget(args, 'use it as the area');
      if (!target.name.toLowerCase().endsWith('.geojson')) {
        throw new OverlayError(
          `Use as Area reads GeoJSON polygons: save ${target.name} as .geojson first ` +
            `(for example "ogr2ogr -f GeoJSON area.geojson ${target.name}").`,
        );
      }
      // The Explorer's own command reads and checks the file, saves the setting and shows the area.
      const label = await vscode.commands.executeCommand<string | undefined>(
        'mapillary.explorer.useAsArea',
        vscode.Uri.file(target.file),
      );
      if (label) void vscode.window.showInformationMessage(`Mapillary: the area is now ${label}.`);
    },
  };
}
