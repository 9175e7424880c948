import { strict as assert } from 'node:assert';
import { DEFAULT_MAP_SETTINGS } from '../../src/shared/map/mapSettings';
import { channelMessageSchema, check } from '../../src/shared/channel/channelMessages';
import {
  openImageRequest,
  parseHostMessage,
  parseWebviewMessage,
  tileRequest,
} from '../../src/shared/messages';

describe('webview message schemas', () => {
  it('accepts the messages each side sends', () => {
    assert.ok(parseWebviewMessage({ type: 'ready' }).ok);
    assert.ok(parseWebviewMessage({ type: 'viewChanged', view: { center: [1, 2], zoom: 3 } }).ok);
    assert.ok(
      parseHostMessage({
        type: 'init',
        basemap: null,
        view: { center: [0, 0], zoom: 2 },
        settings: DEFAULT_MAP_SETTINGS,
      }).ok,
    );
  });

  it('rejects unknown types, missing fields and out-of-range values with a reason', () => {
    for (const bad of [
      null,
      'ready',
      { type: 'runCommand', command: 'rm -rf' },
      { type: 'viewChanged', view: { center: [91, 0], zoom: 3 } },
      { type: 'log', level: 'fatal', message: 'x' },
      { type: 'log', level: 'info', message: 'x'.repeat(5000) },
    ]) {
      const parsed = parseWebviewMessage(bad);
      assert.equal(parsed.ok, false, JSON.stringify(bad));
      if (!parsed.ok) assert.ok(parsed.error.length > 0);
    }
    assert.equal(parseHostMessage({ type: 'init', basemap: { url: '' }, view: {} }).ok, false);
  });
});

describe('map message schemas', () => {
  it('accepts tile requests inside the grid and refuses others', () => {
    const ok = { set: 'mly1_public', z: 14, x: 8783, y: 5137 };
    assert.ok(check(tileRequest.params, ok).success);
    for (const tile of [
      { set: 'mly1_public', z: 2, x: 4, y: 0 },
      { set: 'mly1_public', z: 15, x: 0, y: 0 },
      { set: 'https://evil.example/', z: 1, x: 0, y: 0 },
      { set: 'mly1_public', z: 1, x: -1, y: 0 },
      { set: 'mly1_public', z: 1, x: 0.5, y: 0 },
    ]) {
      assert.equal(check(tileRequest.params, tile).success, false, JSON.stringify(tile));
    }
  });

  it('accepts binary tiles from the host, and refuses non-binary bytes', () => {
    assert.ok(check(tileRequest.result, { bytes: new ArrayBuffer(8) }).success);
    assert.ok(check(tileRequest.result, { bytes: new Uint8Array(8) }).success);
    assert.equal(check(tileRequest.result, { bytes: 'AAAA' }).success, false);
    assert.equal(check(tileRequest.result, {}).success, false);
  });

  it('validates image requests, selections, settings and highlights', () => {
    assert.ok(check(openImageRequest.params, { imageId: '12345678901234567' }).success);
    for (const imageId of ['../me', '', '1e+21', '123456789012345678901', '0123']) {
      assert.equal(check(openImageRequest.params, { imageId }).success, false, imageId);
    }
    // Where the click was: a longitude and a latitude in range, nothing else.
    const imageId = '12345678901234567';
    assert.ok(check(openImageRequest.params, { imageId, near: [13.0, 55.6] }).success);
    for (const near of [[200, 55], [13, -91], [13], [13, 55, 0], ['13', '55'], [NaN, 55]]) {
      const result = check(openImageRequest.params, { imageId, near });
      assert.equal(result.success, false, JSON.stringify(near));
    }
    assert.ok(parseWebviewMessage({ type: 'selection', imageIds: ['1', '2'] }).ok);
    assert.equal(parseWebviewMessage({ type: 'selection', imageIds: ['1', 'x'] }).ok, false);
    const view = { center: [55.6, 13], zoom: 14 };
    assert.ok(
      parseWebviewMessage({ type: 'viewChanged', view, settings: DEFAULT_MAP_SETTINGS }).ok,
    );
    const badFilters = {
      ...DEFAULT_MAP_SETTINGS,
      filters: { ...DEFAULT_MAP_SETTINGS.filters, fromDate: 'yesterday' },
    };
    assert.equal(
      parseWebviewMessage({ type: 'viewChanged', view, settings: badFilters }).ok,
      false,
    );
    assert.ok(
      parseHostMessage({ type: 'highlightSequences', sequenceIds: ['7nfcwfvjdtphz7yj6zat6a'] }).ok,
    );
    assert.equal(parseHostMessage({ type: 'highlightSequences', sequenceIds: ['a b'] }).ok, false);
  });

  it('no longer takes requests as notifications: they travel in request channel envelopes', () => {
    assert.equal(parseWebviewMessage({ type: 'openImage', requestId: 1, imageId: '1' }).ok, false);
    const envelope = {
      type: 'request',
      id: 1,
      method: tileRequest.method,
      params: { set: 'mly1_public', z: 14, x: 1, y: 1 },
    };
    assert.ok(channelMessageSchema.safeParse(envelope).success);
    assert.equal(channelMessageSchema.safeParse({ ...envelope, id: 0 }).success, false);
  });

  it('accepts an image answer with fields, detections and a picture', () => {
    const answer = {
      image: {
        id: '311799370533334',
        width: 4160,
        height: 3120,
        fields: [['Camera', 'perspective']],
      },
      detections: [
        {
          id: '313324430380828',
          value: 'information--general-directions--g1',
          geometry: 'GjUKBm1weS1vchIV',
        },
      ],
      thumbnail: { bytes: new ArrayBuffer(4), mime: 'image/jpeg' },
      notes: [],
    };
    assert.ok(check(openImageRequest.result, answer).success);
    assert.equal(
      check(openImageRequest.result, {
        ...answer,
        thumbnail: { bytes: new ArrayBuffer(4), mime: 'text/html' },
      }).success,
      false,
    );
    assert.equal(
      check(openImageRequest.result, {
        ...answer,
        detections: [{ id: '1', value: 'x', geometry: '<script>' }],
      }).success,
      false,
    );
  });
});
