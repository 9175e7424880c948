// Builds a feature's property object from its layer's key and value tables on demand, so the
// decoder does not have to build one for each of a tile's tens of thousands of features.
import type { DecodedFeature, DecodedLayer, PropertyValue } from './decodedTile';

/** The feature's properties by key. The object has no prototype, so any key is safe. */
export function featureProperties(
  layer: DecodedLayer,
  feature: DecodedFeature,
): Record<string, PropertyValue> {
  const properties = Object.create(null) as Record<string, PropertyValue>;
  for (let t = feature.tagStart; t < feature.tagEnd; t += 2) {
    const key = layer.keys[layer.tags[t] ?? 0];
    const value = layer.values[layer.tags[t + 1] ?? 0];
    if (key !== undefined && value !== undefined) properties[key] = value;
  }
  return properties;
}

/** One property of a feature, or undefined when the feature does not have it. */
export function featureProperty(
  layer: DecodedLayer,
  feature: DecodedFeature,
  key: string,
): PropertyValue | undefined {
  let found: PropertyValue | undefined;
  // Later tags win, as they do when the properties are collected into an object.
  for (let t = feature.tagStart; t < feature.tagEnd; t += 2) {
    if (layer.keys[layer.tags[t] ?? 0] === key) found = layer.values[layer.tags[t + 1] ?? 0];
  }
  return found;
}
