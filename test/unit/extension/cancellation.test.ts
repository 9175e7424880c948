// The bridge from VS Code's cancellation to the core's AbortSignal.
import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import type * as vscode from 'vscode';
import { withAbortSignal } from '../../../src/extension/cancellation';

/** A cancellation token as VS Code hands one over: a flag and an event, nothing else. */
function cancellable(): {
  token: vscode.CancellationToken;
  cancel: () => void;
  listeners: () => number;
} {
  const events = new EventEmitter();
  let cancelled = false;
  const token = {
    get isCancellationRequested() {
      return cancelled;
    },
    onCancellationRequested: (listener: () => void) => {
      events.on('cancel', listener);
      return { dispose: () => events.off('cancel', listener) };
    },
  } as unknown as vscode.CancellationToken;
  return {
    token,
    cancel: () => {
      cancelled = true;
      events.emit('cancel');
    },
    listeners: () => events.listenerCount('cancel'),
  };
}

describe('withAbortSignal', () => {
  it('aborts the signal when the token is cancelled, and lets go of the token after', async () => {
    const { token, cancel, listeners } = cancellable();
    let seen: AbortSignal | undefined;
    const work = withAbortSignal(token, (signal) => {
      seen = signal;
      return new Promise<string>((resolve) =>
        signal.addEventListener('abort', () => resolve('stopped')),
      );
    });
    assert.equal(seen?.aborted, false);
    assert.equal(listeners(), 1);
    cancel();
    assert.equal(await work, 'stopped');
    assert.equal(listeners(), 0);
  });

  it('hands over an aborted signal when the token was cancelled before, and passes failures on', async () => {
    const { token, cancel, listeners } = cancellable();
    cancel();
    assert.equal(await withAbortSignal(token, (signal) => Promise.resolve(signal.aborted)), true);
    await assert.rejects(
      withAbortSignal(token, () => Promise.reject(new Error('refused'))),
      /refused/,
    );
    assert.equal(listeners(), 0);
  });
});
