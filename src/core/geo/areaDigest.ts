// A short digest of an area's shape, for the identity of a job that reads it: a job resumed with
// another shape must start over, and the digest is what its state records instead of the shape.
import { createHash } from 'node:crypto';
import { type Area } from '../../shared/geo/area';

/** A digest of the area's rings (not of its label): equal shapes give equal digests. */
export function areaDigest(area: Area): string {
  return createHash('sha256')
    .update(JSON.stringify(area.polygons.map((p) => p.rings)))
    .digest('hex')
    .slice(0, 32);
}
