// Locates the real Mapillary recordings in ../shared/fixtures/real/ (beside the repository). They are
// read in place, never copied in. A fresh clone has no ../shared, so suites that need them skip with a
// printed reason; CI has them, so there they run.
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The repository's root folder. */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Absolute path of the real fixtures folder, or undefined when it is absent. */
export function realFixturesDir(): string | undefined {
  const dir =
    process.env.MAPILLARY_REAL_FIXTURES ??
    path.resolve(repoRoot, '..', 'shared', 'fixtures', 'real');
  return existsSync(path.join(dir, 'README.md')) ? dir : undefined;
}

/**
 * Declares a mocha suite that needs the real fixtures. When they are absent every test in it is
 * reported as pending (skipped) and the reason is printed once; it never counts as passed.
 */
export function describeWithRealFixtures(title: string, body: (dir: string) => void): void {
  const dir = realFixturesDir();
  if (dir) {
    describe(title, () => body(dir));
    return;
  }
  describe(title, () => {
    before(function () {
      console.warn(
        `SKIPPED "${title}": ../shared/fixtures/real/ is absent (set MAPILLARY_REAL_FIXTURES)`,
      );
      this.skip();
    });
    it('needs ../shared/fixtures/real/');
  });
}
