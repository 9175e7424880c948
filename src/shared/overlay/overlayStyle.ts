// The colours overlays are drawn in: one each, in order, none of them Mapillary's greens (coverage)
// nor the map features' colours, so a file stands apart from the data under it.
export const OVERLAY_COLORS = [
  '#d6336c',
  '#f08c00',
  '#7048e8',
  '#1c7ed6',
  '#c2255c',
  '#5c940d',
  '#862e9c',
  '#e8590c',
] as const;

/** The colour of the overlay with this colour index. */
export function overlayColor(index: number): string {
  return OVERLAY_COLORS[index % OVERLAY_COLORS.length] as string;
}
