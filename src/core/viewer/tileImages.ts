// The images of a z14 coverage tile's `image` layer, as the viewer's cells and "other captures
// here" read them: id, position, compass angle, capture time, panorama flag, sequence,
// organization and creator, all carried by the tile, so no Graph call is needed.
import { idText } from '../../shared/explorer/sequenceCollector';
import { type PointCandidate } from '../../shared/geo/pointQueries';
import { type DecodedLayer } from '../../shared/tiles/decodedTile';
import { featureProperty } from '../../shared/tiles/featureProperties';
import { type TileCoord, tileLocalToLonLat } from '../../shared/tiles/tileMath';

/** The images of a decoded `image` layer of a z14 tile (features without an id are skipped). */
export function imagesOfLayer(tile: TileCoord, layer: DecodedLayer): PointCandidate[] {
  const out: PointCandidate[] = [];
  for (const feature of layer.features) {
    if (feature.partEnd <= feature.partStart) continue;
    const id = idText(featureProperty(layer, feature, 'id'));
    if (!id) continue;
    const v = layer.partStarts[feature.partStart] ?? 0;
    const [lon, lat] = tileLocalToLonLat(
      tile,
      layer.coords[2 * v] ?? 0,
      layer.coords[2 * v + 1] ?? 0,
      layer.extent,
    );
    const compass = featureProperty(layer, feature, 'compass_angle');
    const capturedAt = featureProperty(layer, feature, 'captured_at');
    const isPano = featureProperty(layer, feature, 'is_pano');
    out.push({
      id,
      lon,
      lat,
      ...(typeof compass === 'number' && Number.isFinite(compass) ? { compassAngle: compass } : {}),
      ...(typeof capturedAt === 'number' && Number.isFinite(capturedAt) ? { capturedAt } : {}),
      ...(typeof isPano === 'boolean' ? { isPano } : {}),
      sequenceId: idText(featureProperty(layer, feature, 'sequence_id')),
      organizationId: idText(featureProperty(layer, feature, 'organization_id')),
      creatorId: idText(featureProperty(layer, feature, 'creator_id')),
    });
  }
  return out;
}
