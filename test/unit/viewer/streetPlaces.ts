// Places along a test street for the viewer's read-ahead tests: a street running east at 50° N,
// positions given in metres east and north of its start.
import { type LonLat } from '../../../src/core/viewer/readAhead';

const LAT = 50;
const EAST_DEG_PER_M = 1 / (111_320 * Math.cos((LAT * Math.PI) / 180));
const NORTH_DEG_PER_M = 1 / 110_540;

/** The place `eastM` metres east and `northM` metres north of the street's start. */
export const at = (eastM: number, northM = 0): LonLat => [
  10 + eastM * EAST_DEG_PER_M,
  LAT + northM * NORTH_DEG_PER_M,
];
