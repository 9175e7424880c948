// The words of the image chooser's rows (see webview/imageChooser): when each image was taken, its
// sequence and whether it is a panorama, so that overlapping images can be told apart.
import { formatTime } from '../explorer/imageFacts';
import type { FeaturePick } from './picking';

/** The text of one row: date and time (UTC), the sequence's first characters, the kind. */
export function choiceText(
  pick: Pick<FeaturePick, 'capturedAt' | 'sequenceId' | 'pano' | 'id'>,
): string {
  const time = pick.capturedAt ? formatTime(pick.capturedAt).replace(' UTC', '') : 'date unknown';
  const sequence = pick.sequenceId ? `sequence ${pick.sequenceId.slice(0, 8)}` : 'no sequence';
  return `${time} · ${sequence} · ${pick.pano ? 'panorama' : 'perspective'}`;
}
