// The independent readers the GIS format tests check our files with: GDAL's ogrinfo (Debian's
// gdal-bin) for GeoPackage and FlatGeobuf, and GDAL's GeoPackage validator when python3-gdal has
// it. Where ogrinfo is missing, suites that need it are reported as pending (skipped) with a
// printed reason, never as passed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** GDAL's GeoPackage validator as Debian's python3-gdal installs it. */
export const VALIDATE_GPKG = '/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py';

/** The system Python that has GDAL's bindings (not a Python found first on PATH). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/** True when `ogrinfo` runs. */
export function hasOgrinfo(): boolean {
  const result = spawnSync('ogrinfo', ['--version'], { encoding: 'utf8' });
  return result.status === 0 && /GDAL/.test(result.stdout);
}

/** Runs ogrinfo; fails the test when it exits non-zero or prints an error or a warning. */
export function ogrinfo(args: readonly string[]): string {
  const result = spawnSync('ogrinfo', [...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0 || /\b(ERROR|Warning)\b/i.test(output)) {
    throw new Error(`ogrinfo ${args.join(' ')} failed (${result.status}):\n${output}`);
  }
  return result.stdout;
}

/** True when GDAL's GeoPackage validator can run. */
export function hasGpkgValidator(): boolean {
  return existsSync(VALIDATE_GPKG) && existsSync(SYSTEM_PYTHON);
}

/** Declares a suite that needs ogrinfo; without it every test is pending and the reason printed. */
export function describeWithOgrinfo(title: string, body: () => void): void {
  if (hasOgrinfo()) {
    describe(title, body);
    return;
  }
  describe(title, () => {
    before(function () {
      console.warn(
        `SKIPPED "${title}": GDAL's ogrinfo is not installed (apt-get install gdal-bin); the files are not checked by an independent reader`,
      );
      this.skip();
    });
    it('needs ogrinfo (gdal-bin)');
  });
}

/** The value of `name (Type) = value` lines of ogrinfo's output for one field. */
export function ogrValues(output: string, field: string): string[] {
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [
    ...output.matchAll(new RegExp(`^\\s+${escaped} \\((?:[^()]|\\([^()]*\\))*\\) = (.*)$`, 'gm')),
  ].map((m) => m[1] ?? '');
}

/** Per layer of `ogrinfo -al -so`: geometry type, feature count, and whether its SRS is EPSG:4326. */
export function ogrLayers(
  output: string,
): Map<string, { geometry: string; count: number; epsg4326: boolean }> {
  const layers = new Map<string, { geometry: string; count: number; epsg4326: boolean }>();
  for (const block of output.split(/^Layer name: /m).slice(1)) {
    const name = block.split('\n')[0]?.trim() ?? '';
    layers.set(name, {
      geometry: /^Geometry: (.*)$/m.exec(block)?.[1]?.trim() ?? '',
      count: Number(/^Feature Count: (\d+)$/m.exec(block)?.[1] ?? NaN),
      epsg4326: /ID\["EPSG",4326\]\]\s*$/m.test(block.split('Data axis')[0] ?? ''),
    });
  }
  return layers;
}
