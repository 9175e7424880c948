// The Explorer's pieces that are not commands: the search runner's cap and cancel, the tooltip
// thumbnail cache, and the debouncer that turns a burst of model changes into one view refresh.
import { strict as assert } from 'node:assert';
import { type ExplorerImage } from '../../../src/shared/explorer/explorerNode';
import { RefreshDebouncer } from '../../../src/extension/tree/refreshDebouncer';
import { dateRange, describeSearch, runSearch } from '../../../src/extension/tree/searchRunner';
import { ThumbnailCache } from '../../../src/extension/tree/thumbnailCache';
import { type Logger, silentLogger } from '../../../src/shared/logger';
import { useEmulator } from '../core/harness';
import { type CommandHarness, commandHarness } from './commandHarness';

/** `count` images as a paged search yields them, counting how many were read. */
function images(count: number, seen: { count: number }): AsyncIterable<ExplorerImage> {
  return {
    [Symbol.asyncIterator]: () => {
      let i = 0;
      return {
        next: () => {
          if (i >= count) return Promise.resolve({ done: true, value: undefined });
          seen.count += 1;
          i += 1;
          return Promise.resolve({ done: false, value: { id: String(99 + i) } });
        },
      };
    },
  };
}

describe('Explorer search runner', function () {
  this.timeout(60_000);
  const emulator = useEmulator();
  let h: CommandHarness;
  beforeEach(async () => {
    h = await commandHarness(emulator());
  });

  it('stops at the cap with a warning and keeps what it read', async () => {
    const seen = { count: 0 };
    const found = await runSearch(
      h.context,
      {
        progressTitle: 'Searching',
        label: 'Images',
        detail: 'd',
        what: 'images',
        start: () => Promise.resolve(images(12, seen)),
      },
      5,
    );
    assert.equal(found, 5);
    assert.equal(seen.count, 5, 'no result is read past the cap');
    assert.deepEqual(h.ui.messages('warn'), [
      'Mapillary: the search stopped at 5 results: narrow the area or the filters.',
    ]);
    const search = h.model.roots()[0];
    assert.ok(search?.kind === 'search');
    assert.equal(search.title, 'Images (5)');
    assert.equal((await h.model.children(search)).length, 5);
  });

  it('reports the count every 500 results and hands the search the Cancel signal', async () => {
    let given: AbortSignal | undefined;
    await runSearch(h.context, {
      progressTitle: 'Searching',
      label: 'Images',
      detail: 'd',
      what: 'images',
      start: (signal) => {
        given = signal;
        return Promise.resolve(images(1200, { count: 0 }));
      },
    });
    assert.deepEqual(h.ui.progress[0]?.reports, ['500 found', '1000 found']);
    assert.equal(given, h.ui.cancel.signal);
    assert.deepEqual(h.ui.shown, []);
  });

  it('describes a search by its area and the filters that are set', () => {
    assert.equal(dateRange(undefined, undefined), undefined);
    assert.equal(dateRange('2020-01-02T00:00:00Z', undefined), '2020-01-02..…');
    assert.equal(
      describeSearch([13, 55.6, 13.01, 55.61], {
        captured: dateRange('2020-01-02', '2021-03-04'),
        pano: undefined,
        creator: '',
        organization: '42',
      }),
      'in 13,55.6,13.01,55.61 · captured 2020-01-02..2021-03-04 · organization 42',
    );
  });
});

describe('Explorer tooltip thumbnails', () => {
  const jpeg = { bytes: new Uint8Array([0xff, 0xd8, 0xff]), contentType: 'image/jpeg' };
  const never = new AbortController().signal;

  it('downloads a thumbnail once and serves it again from the cache', async () => {
    const asked: string[] = [];
    const cache = new ThumbnailCache((id) => {
      asked.push(id);
      return Promise.resolve(jpeg);
    }, silentLogger);
    assert.equal(await cache.dataUri('1', never), 'data:image/jpeg;base64,/9j/');
    assert.equal(await cache.dataUri('1', never), 'data:image/jpeg;base64,/9j/');
    assert.deepEqual(asked, ['1']);
  });

  it('keeps the most recent thumbnails only', async () => {
    const asked: string[] = [];
    const cache = new ThumbnailCache(
      (id) => {
        asked.push(id);
        return Promise.resolve(jpeg);
      },
      silentLogger,
      2,
    );
    for (const id of ['1', '2', '3', '3', '2', '1']) await cache.dataUri(id, never);
    assert.deepEqual(asked, ['1', '2', '3', '1']);
  });

  it('refuses what is not a picture, and logs a failure unless the hover ended', async () => {
    const logged: string[] = [];
    const log: Logger = { ...silentLogger, debug: (m) => logged.push(m) };
    const html = new ThumbnailCache(
      () => Promise.resolve({ bytes: new Uint8Array([60]), contentType: 'text/html' }),
      log,
    );
    assert.equal(await html.dataUri('1', never), undefined);
    const failing = new ThumbnailCache(() => Promise.reject(new Error('HTTP 403')), log);
    assert.equal(await failing.dataUri('2', never), undefined);
    const ended = new AbortController();
    ended.abort();
    assert.equal(await failing.dataUri('3', ended.signal), undefined);
    assert.deepEqual(logged, ['no thumbnail for 2: HTTP 403']);
  });
});

describe('Explorer refresh debouncer', () => {
  it('passes a burst of changes on as one refresh, and settles after it', async () => {
    let refreshes = 0;
    const debouncer = new RefreshDebouncer(() => (refreshes += 1));
    debouncer.schedule();
    debouncer.schedule();
    debouncer.schedule();
    assert.equal(refreshes, 0, 'not while the burst lasts');
    await debouncer.settled();
    assert.equal(refreshes, 1);
    debouncer.schedule();
    await debouncer.settled();
    assert.equal(refreshes, 2);
    debouncer.dispose();
  });

  it('settles without refreshing once disposed, so nobody waits for ever', async () => {
    let refreshes = 0;
    const debouncer = new RefreshDebouncer(() => (refreshes += 1), 60_000);
    debouncer.schedule();
    const settled = debouncer.settled();
    debouncer.dispose();
    await settled;
    assert.equal(refreshes, 0);
  });
});
