// Item: paths from the service. A sequence id like `../../x` used to make a download write, and its
// clean-up delete, files outside the download folder; clean-up removed any *.tmp file in the folders
// it visited; and symbolic links on the way to an output were followed wherever they pointed.
import { strict as assert } from 'node:assert';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { runDownloadJob } from '../../../src/core/export/downloadJob';
import { idListInput } from '../../../src/core/export/idInput';
import { JobError } from '../../../src/core/export/jobErrors';
import { runMetadataJob } from '../../../src/core/export/metadataJob';
import { UnsafePathError, confinedPath, pathForIds } from '../../../src/core/fs/safePaths';
import { rejection, useEmulator } from '../core/harness';
import { busyOrganization, imageRecord, jobContext } from '../export/exportHarness';

const ROOT = path.resolve(__dirname, '../../..');

describe('security: paths from the service and from the workspace', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ size: 'small', seed: 7 });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mly-paths-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds paths from ids only, and only inside their folder', () => {
    const root = path.join(dir, 'images');
    assert.equal(
      pathForIds(
        root,
        [
          ['sequence', 'abc'],
          ['image', '12'],
        ],
        '_256.jpg',
      ),
      path.join(root, 'abc', '12_256.jpg'),
    );
    for (const bad of ['..', '../x', 'a/b', 'a\\b', '', '.', 'x'.repeat(65)]) {
      assert.throws(
        () =>
          pathForIds(root, [
            ['sequence', bad],
            ['image', '1'],
          ]),
        UnsafePathError,
        JSON.stringify(bad),
      );
      assert.throws(() => pathForIds(root, [['image', bad]]), UnsafePathError, JSON.stringify(bad));
    }
    assert.throws(() => confinedPath(root, '..', 'x'), UnsafePathError);
    assert.throws(() => confinedPath(root, '/etc/passwd'), UnsafePathError);
    assert.throws(() => confinedPath(root, ''), UnsafePathError);
  });

  it('never writes or cleans outside the download folder, whatever sequence id the service sends', async () => {
    const emu = emulator();
    const [honest, hostile] = busyOrganization(emu).sequences[0]?.imageIds ?? [];
    assert.ok(honest && hostile);
    const record = imageRecord(emu, hostile);
    const saved = record.sequenceId;
    const images = path.join(dir, 'out', 'images');
    const victim = path.join(dir, 'victim');
    mkdirSync(victim);
    writeFileSync(path.join(victim, 'notes.tmp'), 'the user’s own file');
    const own = path.join(images, imageRecord(emu, honest).sequenceId);
    mkdirSync(own, { recursive: true });
    writeFileSync(path.join(own, 'holiday.tmp'), 'not ours either');
    record.sequenceId = '../../victim';
    try {
      const result = await runDownloadJob(await jobContext(emu), {
        input: idListInput([honest, hostile], 'image'),
        dir: images,
        size: 256,
      });
      assert.deepEqual(result.skipped, [
        { id: hostile, reason: 'unusable sequence id "../../victim"' },
      ]);
      assert.equal(result.written, 1);
    } finally {
      record.sequenceId = saved;
    }
    assert.deepEqual(readdirSync(victim), ['notes.tmp'], 'nothing written or removed outside');
    assert.ok(existsSync(path.join(own, 'holiday.tmp')), 'a file the job did not write is kept');
    assert.deepEqual(readdirSync(dir).sort(), ['out', 'victim']);
  });

  it('refuses symbolic links on the way to an output, inside it, and as its state folder', async () => {
    const emu = emulator();
    const ids = busyOrganization(emu).sequences[0]?.imageIds.slice(0, 3) ?? [];
    const sequence = imageRecord(emu, ids[0] ?? '').sequenceId;
    const workspace = path.join(dir, 'workspace');
    const elsewhere = path.join(dir, 'elsewhere');
    mkdirSync(workspace);
    mkdirSync(elsewhere);
    const context = await jobContext(emu, { root: workspace });
    const download = (folder: string) =>
      runDownloadJob(context, { input: idListInput(ids, 'image'), dir: folder, size: 256 });
    const metadata = (output: string) =>
      runMetadataJob(context, {
        input: idListInput(ids, 'image'),
        output,
        columns: ['img_id'],
        format: 'csv',
      });
    const refused = async (promise: Promise<unknown>, link: string) => {
      const error = await rejection(promise);
      assert.ok(error instanceof JobError && error.kind === 'refused', String(error));
      assert.ok(error.message.includes(`${link} is a symbolic link`), error.message);
    };

    // A cloned repository's `mapillary-export -> elsewhere`.
    symlinkSync(elsewhere, path.join(workspace, 'mapillary-export'));
    const exportFolder = path.join(workspace, 'mapillary-export');
    await refused(download(path.join(exportFolder, 'images')), exportFolder);
    await refused(metadata(path.join(exportFolder, 'metadata.csv')), exportFolder);
    rmSync(exportFolder);

    // A sequence folder inside the output that leads elsewhere.
    const images = path.join(workspace, 'out', 'images');
    mkdirSync(images, { recursive: true });
    symlinkSync(elsewhere, path.join(images, sequence));
    await refused(download(images), path.join(images, sequence));

    // The state folder of a file output.
    const output = path.join(workspace, 'out', 'metadata.csv');
    symlinkSync(elsewhere, `${output}.partial`);
    await refused(metadata(output), `${output}.partial`);

    assert.deepEqual(readdirSync(elsewhere), [], 'nothing was written through a link');
  });

  it('refuses, on the command line, a link between the current folder and the output', () => {
    const here = path.join(dir, 'project');
    mkdirSync(path.join(dir, 'elsewhere'), { recursive: true });
    mkdirSync(here);
    symlinkSync(path.join(dir, 'elsewhere'), path.join(here, 'out'));
    const child = spawnSync(
      process.execPath,
      [
        // The loader by its path: the current folder is not the project's.
        '--import',
        pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
        path.join(ROOT, 'src/cli/main.ts'),
        'metadata',
        '--ids',
        '1',
        '-o',
        'out/m.csv',
      ],
      {
        cwd: here,
        env: {
          ...process.env,
          MAPILLARY_ACCESS_TOKEN: 'MLY|1234567890|0123456789abcdef0123456789abcdef',
        },
        encoding: 'utf8',
      },
    );
    assert.equal(child.status, 1, child.stderr);
    assert.match(
      child.stderr,
      /project\/out is a symbolic link, and exports do not write through links/,
    );
    assert.doesNotMatch(child.stderr, /run the same command again/);
    assert.deepEqual(readdirSync(path.join(dir, 'elsewhere')), []);
  });
});
