// The command line's help, version and command usages, and exit code 2 with a message for usage
// errors.
import { strict as assert } from 'node:assert';
import { SIGN, run } from './cliHarness';

describe('command line: help and usage', () => {
  it('keeps help and version', async () => {
    const help = await run(['help']);
    assert.equal(help.code, 0);
    for (const command of [
      'tile inspect',
      'detection decode',
      '--api-url',
      '--tiles-url',
      '--token',
      '--client-token',
      'MAPILLARY_CLIENT_TOKEN',
      'doctor',
    ]) {
      assert.ok(help.stdout.includes(command), command);
    }
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['--help'])).code, 0);
    const version = await run(['version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    assert.equal((await run(['--version'])).stdout, version.stdout);
  });

  it('prints a command usage for <command> --help and help <command>', async () => {
    const usage = await run(['tile', 'inspect', '--help']);
    assert.equal(usage.code, 0);
    assert.match(usage.stdout, /Usage: mapillary-explorer tile inspect/);
    assert.match((await run(['detection', 'decode', '-h'])).stdout, /--width W/);
    assert.match((await run(['help', 'detection', 'decode'])).stdout, /detection decode <base64>/);
    assert.match((await run(['tile', '--help'])).stdout, /tile inspect/);
  });

  it('exits 2 with a message on usage errors', async () => {
    const cases: [string[], RegExp][] = [
      [['nonsense'], /unknown command 'nonsense'/],
      [['tile'], /needs a subcommand/],
      [['tile', 'explode'], /unknown command 'tile explode'/],
      [['tile', 'inspect'], /needs a file or a z\/x\/y/],
      [['tile', 'inspect', 'a.mvt', '--bogus'], /Unknown option '--bogus'/],
      [['tile', 'inspect', 'a.mvt', '--width', '3'], /does not take --width/],
      [['tile', 'inspect', '14/3251/6257', '--set', 'nope'], /unknown tile set 'nope'/],
      [['tile', 'inspect', '14/99999/1'], /tile x must be/],
      [['detection', 'decode'], /needs a base64 geometry/],
      [['detection', 'decode', SIGN, '--width', '10'], /both --width and --height/],
      [
        ['detection', 'decode', SIGN, '--width', 'wide', '--height', '3'],
        /--width must be a positive/,
      ],
      [['tile', 'inspect', 'a.mvt', '--tiles-url', 'ftp://x'], /--tiles-url must be an http/],
      [['help', 'frobnicate'], /unknown command 'frobnicate'/],
    ];
    for (const [argv, message] of cases) {
      const result = await run(argv);
      assert.equal(result.code, 2, argv.join(' '));
      assert.match(result.stderr, message, argv.join(' '));
      assert.match(result.stderr, /Run 'mapillary-explorer /);
      assert.equal(result.stdout, '');
    }
  });
});
