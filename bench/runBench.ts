// `npm run bench`: runs every benchmark and prints its figures; `--json` prints them as one JSON
// object instead (keyed by benchmark), `--only NAME` runs one. Figures are measurements of this
// machine and this run; nothing here asserts a target.
import { parseArgs } from 'node:util';

type Figures = Record<string, number | string>;

const benches: Record<string, () => Promise<{ run(): Promise<Figures> }>> = {
  decode: () => import('./decodeBench'),
  client: () => import('./clientBench'),
  map: () => import('./mapBench'),
  export: () => import('./exportBench'),
  tree: () => import('./treeBench'),
  hover: () => import('./hoverBench'),
  gis: () => import('./gisBench'),
  scale: () => import('./scaleBench'),
  formats: () => import('./formatBench'),
  overlay: () => import('./overlayBench'),
  descent: () => import('./descentBench'),
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { json: { type: 'boolean', default: false }, only: { type: 'string' } },
  });
  const names = values.only ? [values.only] : Object.keys(benches);
  const all: Record<string, Figures> = {};
  for (const name of names) {
    const load = benches[name];
    if (!load)
      throw new Error(`unknown benchmark ${name}; known: ${Object.keys(benches).join(', ')}`);
    if (!values.json) console.log(`\n${name}`);
    const started = performance.now();
    const figures = await (await load()).run();
    figures.benchWallMs = Math.round(performance.now() - started);
    all[name] = figures;
    if (!values.json) {
      for (const [key, value] of Object.entries(figures)) {
        const shown = typeof value === 'number' ? Number(value.toFixed(3)) : value;
        console.log(`  ${key.padEnd(36)} ${shown}`);
      }
    }
  }
  if (values.json) console.log(JSON.stringify(all, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
