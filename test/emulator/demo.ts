// What `npm run emulator` and `npm start` share: the dataset both start by default, and the lines
// both print about it (URLs, throwaway credentials and sample ids to paste into the extension or
// the command line).
import { datasetSamples } from './controlApi';
import { type DatasetSize } from './dataset';
import { type Emulator } from './emulatorApi';

/** The dataset both entry points build unless told otherwise. */
export const DEMO_DATASET: {
  readonly size: DatasetSize;
  readonly seed: number;
  readonly pictures: 'streets';
} = {
  size: 'city',
  seed: 1,
  // The street-level viewer shows what the cameras saw: pictures of the streets.
  pictures: 'streets',
};

/** The lines printed when an emulator starts. Its credentials are throwaway local values. */
export function describeEmulator(emulator: Emulator): string[] {
  const d = emulator.dataset;
  const samples = datasetSamples(d);
  const orgs = samples.organizations.slice(0, 3).map((o) => `${o.id} (${o.name})`);
  const contents = d.lazy
    ? `generated tile by tile over ${d.lazy.bbox.join(',')}, ready in`
    : `${d.images.length} images, ${d.sequences.length} sequences, built in`;
  return [
    `Mapillary emulator (${d.size}, seed ${d.seed}): ${contents} ${Math.round(d.buildMs)} ms`,
    `graph:               ${emulator.graphUrl}`,
    `tiles:               ${emulator.tilesUrl}`,
    `authorize:           ${emulator.authorizeUrl}`,
    `control:             ${emulator.graphUrl}/__emulator/dataset`,
    `client token:        ${emulator.clientToken}`,
    `oauth client id:     ${emulator.oauthClient.id}`,
    `oauth client secret: ${emulator.oauthClient.secret}`,
    `organizations:       ${orgs.join(', ')}`,
    `image ids:           ${samples.imageIds.slice(0, 3).join(', ')}`,
    `longest sequence:    ${samples.longestSequence.id} (${samples.longestSequence.images} images)`,
  ];
}
