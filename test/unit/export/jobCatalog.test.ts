// The export jobs are described once (jobCatalog) and worded once (jobSummary); the command line's
// help and summaries are rendered from there, so what they print must follow the description.
import { strict as assert } from 'node:assert';
import { runCli } from '../../../src/cli/cli';
import { ALL_EXPORT_JOBS, EXPORT_JOBS, downloadSize } from '../../../src/core/export/jobCatalog';
import { JobError } from '../../../src/core/export/jobErrors';
import { cancelledText, stoppedText, summariseJob } from '../../../src/core/export/jobSummary';
import { type JobResult } from '../../../src/core/export/jobTypes';
import { Capture } from '../../support/cliRun';

async function help(command: string): Promise<string> {
  const stdout = new Capture();
  const code = await runCli([command, '--help'], { stdout, stderr: new Capture(), env: {} });
  assert.equal(code, 0);
  return stdout.text;
}

const result = (over: Partial<JobResult>): JobResult => ({
  job: 'metadata',
  output: '/w/metadata.csv',
  files: ['/w/metadata.csv'],
  written: 3,
  skipped: [],
  failed: [],
  reused: 0,
  complete: true,
  ...over,
});

describe('export job descriptions', () => {
  it('gives every job a distinct name and title, and every choice a valid default', () => {
    const jobs = ALL_EXPORT_JOBS;
    assert.equal(new Set(jobs.map((j) => j.name)).size, jobs.length);
    assert.equal(new Set(jobs.map((j) => j.title)).size, jobs.length);
    for (const job of jobs) {
      if (!job.choice) continue;
      const choice = job.choice;
      assert.ok(
        choice.values.some((v) => v.value === choice.default),
        `${job.name} default`,
      );
    }
  });

  it('names default outputs by format, size and owner', () => {
    assert.equal(EXPORT_JOBS.metadata.output('geojson'), 'metadata.geojson');
    assert.equal(EXPORT_JOBS.metadata.output(undefined), 'metadata.csv');
    assert.equal(EXPORT_JOBS.detections.output('coco'), 'detections.coco.json');
    assert.equal(EXPORT_JOBS.mapFeatures.output(undefined), 'map-features.geojson');
    assert.equal(EXPORT_JOBS.mapFeatures.output('csv'), 'map-features.csv');
    assert.equal(EXPORT_JOBS.mapFeatures.output('jsonl'), 'map-features.jsonl');
    assert.equal(EXPORT_JOBS.download.output('original'), 'images');
    assert.equal(
      EXPORT_JOBS.sequences.output(undefined, { organizationId: '42' }),
      'sequences-42.csv',
    );
    assert.equal(
      EXPORT_JOBS.sequences.output(undefined, { creatorId: '7' }),
      'sequences-creator-7.csv',
    );
    assert.equal(downloadSize('2048'), 2048);
    assert.equal(downloadSize('original'), 'original');
  });

  it('renders each command line help from the description', async () => {
    for (const job of ALL_EXPORT_JOBS) {
      const text = await help(job.name);
      const choice = job.choice;
      if (choice) {
        for (const value of choice.values) assert.match(text, new RegExp(`\\b${value.value}\\b`));
        assert.match(
          text,
          new RegExp(`--${choice.option} \\w\\s+.*${choice.default} \\(default\\)`),
        );
        for (const value of choice.values) assert.ok(text.includes(value.output), value.output);
      } else if (job.name !== 'sequences') {
        assert.ok(text.includes(`(default ${job.output(undefined)})`), `${job.name}: ${text}`);
      }
    }
    assert.match(await help('sequences'), /default sequences-ID\.csv/);
  });

  it('words summaries, cancellations and stops once', () => {
    const done = summariseJob(
      EXPORT_JOBS.metadata,
      result({ skipped: [{ id: 'x', reason: 'malformed id' }], reused: 2 }),
    );
    assert.equal(done.headline, '3 images written to /w/metadata.csv');
    assert.equal(done.skipped, '1 skipped: 1 malformed id');
    assert.equal(done.reused, '2 unit(s) taken from an earlier run');
    const failed = Array.from({ length: 7 }, (_, i) => ({ id: String(i), reason: 'server' }));
    const unfinished = summariseJob(EXPORT_JOBS.metadata, result({ complete: false, failed }));
    assert.match(unfinished.headline, /^not finished: 7 item\(s\) failed \(server\); nothing/);
    assert.deepEqual(unfinished.failures.slice(-2), ['failed 4: server', '… and 2 more']);
    assert.equal(
      cancelledText('metadata'),
      'metadata: cancelled; the work done so far is kept: run the same command again to finish.',
    );
    assert.match(stoppedText(new JobError('output', 'Disk full.')), /^Disk full\. The work done/);
    assert.equal(stoppedText(new JobError('busy', 'Busy.')), 'Busy.');
  });
});
