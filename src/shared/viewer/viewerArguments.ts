// What the arguments of "Open in Viewer" say: the image to open (an id, or a tree item of an image
// or a sequence) and what is known of it (its sequence, and for an image item where it is), which
// lets the viewer's first read carry what follows and what is near.
import { lonLatOf } from '../geo/pointQueries';
import { isId } from '../ids';
import { type ImageHint } from '../messages';

/** The image id a command argument names: an id, an image item, or a sequence item's first image. */
export function imageIdArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return isId('image', arg.trim()) ? arg.trim() : undefined;
  const node = arg as
    { kind?: unknown; image?: { id?: unknown }; sequence?: { firstImageId?: unknown } } | undefined;
  const id =
    node?.kind === 'image'
      ? node.image?.id
      : node?.kind === 'sequence'
        ? node.sequence?.firstImageId
        : undefined;
  return typeof id === 'string' && isId('image', id) ? id : undefined;
}

/**
 * What the command's arguments say of the image to open: its sequence (a tree item of an image or
 * a sequence, or `{ sequenceId }` after the id) and, for a tree item of an image, where it is. The
 * viewer's first read then carries the images that follow, and those near them.
 */
export function hintArgument(args: readonly unknown[]): ImageHint {
  const node = args[0] as
    | {
        kind?: unknown;
        image?: { sequence?: unknown; geometry?: { coordinates?: unknown } };
        sequence?: { id?: unknown };
      }
    | undefined;
  const given = (args[1] as { sequenceId?: unknown } | undefined)?.sequenceId;
  const image = typeof node === 'object' && node?.kind === 'image' ? node.image : undefined;
  const id = image
    ? image.sequence
    : typeof node === 'object' && node?.kind === 'sequence'
      ? node.sequence?.id
      : given;
  const near = lonLatOf(image?.geometry?.coordinates);
  return {
    ...(typeof id === 'string' && isId('sequence', id) ? { sequenceId: id } : {}),
    ...(near ? { near } : {}),
  };
}
