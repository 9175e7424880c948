// The country dataset (countryDataset.ts) in the shape the emulator's routes read (`Dataset`), so
// `--size country` serves the same Graph endpoints and tiles as the built datasets: every lookup
// generates what it needs when it is asked, nothing is built at start, and the arrays a built
// dataset holds stay empty (`lazy` offers the walk over every image and the tiles instead).
import { CountryDataset } from './countryDataset';
import { decodeSequenceId } from './countryCells';
import { COUNTRY_BBOX, lonLatToCell } from './countryWorld';
import { type Dataset, type Entity, type ImageRecord, type MapFeature, type User } from './dataset';
import { type SpatialIndex } from './lazyData';
import { type Bbox, GridIndex } from './gridIndex';

/** Where the samples printed at start come from: the centre of the island's capital. */
const SAMPLE_PLACE: [number, number] = [33.3642, 35.1725];

function index(
  country: CountryDataset,
  position: (image: ImageRecord) => [number, number] | undefined,
): SpatialIndex<ImageRecord> {
  // Computed positions stay within a metre of the original ones: a small margin finds them all.
  const pad = 1e-4;
  const forEachIn = (
    box: Bbox,
    visit: (item: ImageRecord, lon: number, lat: number) => boolean | void,
  ): void => {
    country.forEachImageIn(
      box.minLon - pad,
      box.minLat - pad,
      box.maxLon + pad,
      box.maxLat + pad,
      (image) => {
        const at = position(image);
        if (!at) return true;
        const [lon, lat] = at;
        if (lon < box.minLon || lon > box.maxLon || lat < box.minLat || lat > box.maxLat) {
          return true;
        }
        return visit(image, lon, lat);
      },
    );
  };
  return {
    forEachIn,
    query: (box) => {
      const out: ImageRecord[] = [];
      forEachIn(box, (image) => {
        out.push(image);
      });
      return out;
    },
  };
}

/** The country dataset of `seed`, served lazily. */
export function countryServedDataset(seed: number): Dataset {
  const started = performance.now();
  const country = new CountryDataset({ seed });
  const organizations = country.organizations;
  const users = country.users;
  const named = new Map<string, Entity>();
  for (const value of organizations) named.set(value.id, { kind: 'organization', value });
  for (const value of users) named.set(value.id, { kind: 'user', value });
  const usersByName = new Map<string, User>(users.map((u) => [u.username, u]));
  return {
    seed,
    size: 'country',
    center: SAMPLE_PLACE,
    organizations,
    users,
    sequences: [],
    images: [],
    mapFeatures: [],
    detections: [],
    byId: {
      get(id: string): Entity | undefined {
        const entity = named.get(id);
        if (entity) return entity;
        const image = country.image(id);
        if (image) return { kind: 'image', value: image };
        const sequence = decodeSequenceId(id) ? country.sequence(id) : undefined;
        return sequence ? { kind: 'sequence', value: sequence } : undefined;
      },
    },
    usersByName,
    imageIndex: index(country, (image) => [image.lon, image.lat]),
    computedIndex: index(country, (image) =>
      image.computedLon === undefined || image.computedLat === undefined
        ? undefined
        : [image.computedLon, image.computedLat],
    ),
    // This dataset has no map features: their tiles are empty and their searches find nothing.
    featureIndex: new GridIndex<MapFeature>(),
    buildMs: performance.now() - started,
    lazy: {
      tile: (set, z, x, y) => country.tile(set, z, x, y),
      forEachImage: (visit) => country.forEachImageIn(...COUNTRY_BBOX, visit),
      bbox: COUNTRY_BBOX,
      samples: () => {
        const [x, y] = lonLatToCell(...SAMPLE_PLACE);
        const sequences = country.sequencesInCells(x, y, x, y);
        const imageIds = sequences.slice(0, 5).map((s) => s.firstImageId);
        let longest = { id: '', images: 0 };
        for (const sequence of sequences) {
          const images = country.sequence(sequence.id)?.imageIds.length ?? 0;
          if (images > longest.images) longest = { id: sequence.id, images };
        }
        // The longest of the capital's centre: the island's whole would mean generating it all.
        return { imageIds, longestSequence: longest };
      },
    },
  };
}
