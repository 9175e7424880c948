// Shapes for the area tests: square rings, polygons of rings, and a square with a square hole.

/** A ring of positions: x is the longitude, y the latitude. */
export type Ring = [number, number][];

/** A square ring from (x0, y0) to (x1, y1), counter-clockwise and closed. */
export function square(x0: number, y0: number, x1: number, y1: number): Ring {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
}

/** A GeoJSON Polygon of these rings, the first the outer one. */
export const polygon = (...rings: Ring[]): object => ({ type: 'Polygon', coordinates: rings });

/** A 10x10 degree square at 10..20, 40..50 with a hole at 13..17, 43..47. */
export const holed = polygon(square(10, 40, 20, 50), square(13, 43, 17, 47));
