// The sprite atlas of map feature icons: one PNG with Mapillary's own sign and object icons
// (`mapillary_sprite_source`, rasterised at build time by scripts/buildSprites.mjs) and this index
// of where each icon is. The map draws a feature with its value's icon, or with the icon of the
// same sign's first design (`--g1`) when its own is missing, or else with a fallback glyph.
// Written with zod's small build: the drawing worker loads it.
import * as z from 'zod/mini';

/** Side in pixels of one atlas cell; icons are fitted into it. */
export const SPRITE_CELL = 32;
/** Most icons an atlas may list. */
export const MAX_SPRITE_ICONS = 4000;

const rectSchema = z.tuple([
  z.number().check(z.int(), z.nonnegative()),
  z.number().check(z.int(), z.nonnegative()),
  z.number().check(z.int(), z.positive(), z.maximum(256)),
  z.number().check(z.int(), z.positive(), z.maximum(256)),
]);

/** Where each icon is in the atlas: `[x, y, width, height]` in pixels, by feature value. */
export const spriteIndexSchema = z.object({
  /** Side of a cell in pixels. */
  cell: z.number().check(z.int(), z.positive(), z.maximum(256)),
  width: z.number().check(z.int(), z.positive(), z.maximum(16384)),
  height: z.number().check(z.int(), z.positive(), z.maximum(16384)),
  icons: z.record(z.string().check(z.maxLength(200)), rectSchema),
});
export type SpriteIndex = z.infer<typeof spriteIndexSchema>;
/** One icon's place in the atlas. */
export type SpriteRect = readonly [number, number, number, number];

/** The icon of a feature value: its own, else its sign's first design; undefined for none. */
export function iconRect(index: SpriteIndex, value: string): SpriteRect | undefined {
  if (!value) return undefined;
  const own = index.icons[value];
  if (own) return own;
  const variant = /^(.*--)g\d+$/.exec(value);
  return variant ? index.icons[`${variant[1] ?? ''}g1`] : undefined;
}
