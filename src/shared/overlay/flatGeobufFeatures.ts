// Reads the features of a FlatGeobuf file held in memory, with the `flatgeobuf` package's own
// header and feature readers. The package's `deserialize` is not used: it pulls in its HTTP reader
// and a Zstandard WebAssembly module the map has no use for. The file is anyone's: its declared
// feature count is checked against the limit before anything is read, every feature must lie inside
// the file, and a coordinate system other than WGS 84 is refused with how to reproject.
import * as flatbuffers from 'flatbuffers';
import { SIZE_PREFIX_LEN, magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import { Feature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import { fromFeature } from 'flatgeobuf/lib/mjs/geojson/feature.js';
import { fromByteBuffer, type HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { calcTreeSize } from 'flatgeobuf/lib/mjs/packedrtree.js';
import { DEFAULT_OVERLAY_LIMITS, OverlayError, REPROJECT_HINT } from './overlayFeatures';

/** The features of a FlatGeobuf file as a GeoJSON FeatureCollection, for the overlay walk. */
export function flatGeobufFeatureCollection(
  bytes: Uint8Array,
  maxFeatures = DEFAULT_OVERLAY_LIMITS.maxFeatures,
): { type: 'FeatureCollection'; features: unknown[] } {
  if (bytes.length < magicbytes.length + SIZE_PREFIX_LEN) {
    throw new OverlayError('The file is too short to be FlatGeobuf.');
  }
  for (let i = 0; i < 3; i++) {
    if (bytes[i] !== magicbytes[i]) {
      throw new OverlayError('The file is not FlatGeobuf (its first bytes are not "fgb").');
    }
  }
  const bb = new flatbuffers.ByteBuffer(bytes);
  const headerLength = bb.readUint32(magicbytes.length);
  let offset = magicbytes.length + SIZE_PREFIX_LEN + headerLength;
  if (offset > bytes.length) throw new OverlayError('The FlatGeobuf header runs past the file.');
  let header: HeaderMeta;
  try {
    bb.setPosition(magicbytes.length);
    header = fromByteBuffer(bb);
  } catch (error) {
    throw new OverlayError(`The FlatGeobuf header cannot be read (${describe(error)}).`);
  }
  checkCrs(header);
  if (header.featuresCount > maxFeatures) {
    throw new OverlayError(
      `The file has ${header.featuresCount.toLocaleString('en')} features, more than the ` +
        `${maxFeatures.toLocaleString('en')} the map draws: draw a part of it, or split it.`,
    );
  }
  if (header.indexNodeSize > 0 && header.featuresCount > 0) {
    offset += calcTreeSize(header.featuresCount, header.indexNodeSize);
  }
  const features: unknown[] = [];
  while (offset < bytes.length) {
    if (features.length >= maxFeatures) {
      throw new OverlayError(
        `The file has more than ${maxFeatures.toLocaleString('en')} features: draw a part of it.`,
      );
    }
    const length = bb.readUint32(offset);
    if (offset + SIZE_PREFIX_LEN + length > bytes.length) {
      throw new OverlayError(
        `Feature ${features.length + 1} of the FlatGeobuf file runs past its end: the file is truncated.`,
      );
    }
    try {
      bb.setPosition(offset);
      features.push(fromFeature(features.length, Feature.getSizePrefixedRootAsFeature(bb), header));
    } catch (error) {
      throw new OverlayError(
        `Feature ${features.length + 1} of the FlatGeobuf file cannot be read (${describe(error)}).`,
      );
    }
    offset += SIZE_PREFIX_LEN + length;
  }
  return { type: 'FeatureCollection', features };
}

function checkCrs(header: HeaderMeta): void {
  const crs = header.crs;
  // No CRS, or EPSG:4326 (CRS84 has the same longitude/latitude order in FlatGeobuf).
  if (!crs || crs.code === 0 || crs.code === 4326) return;
  const org = crs.org ?? 'EPSG';
  throw new OverlayError(
    `The file is in the coordinate system ${org.slice(0, 20)}:${crs.code}. ${REPROJECT_HINT}`,
  );
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 120);
}
