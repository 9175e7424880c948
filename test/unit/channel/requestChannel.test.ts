import { strict as assert } from 'node:assert';
import { z } from 'zod';
import { defineRequest } from '../../../src/shared/channel/channelMessages';
import {
  RequestCancelledError,
  RequestFailedError,
  RequestTimeoutError,
  isRequestCancelled,
} from '../../../src/shared/channel/requestErrors';
import { channelPair, settle } from '../../support/channelPair';

const double = defineRequest({
  method: 'double',
  params: z.object({ n: z.number().int().max(1000) }),
  result: z.object({ twice: z.number() }),
  timeoutMs: 5_000,
});

const bytes = defineRequest({
  method: 'bytes',
  params: z.object({ data: z.instanceof(ArrayBuffer) }),
  result: z.object({ data: z.instanceof(ArrayBuffer) }),
  timeoutMs: 1_000,
  transferParams: (p) => [p.data],
  transferResult: (r) => [r.data],
});

/** A handler that waits until the test lets it finish, and records whether it was aborted. */
function gate() {
  const calls: { n: number; signal: AbortSignal; finish: () => void }[] = [];
  const handler = (params: { n: number }, signal: AbortSignal) =>
    new Promise<{ twice: number }>((resolve) => {
      calls.push({ n: params.n, signal, finish: () => resolve({ twice: params.n * 2 }) });
    });
  return { calls, handler };
}

/** The promise, marked as handled at once: it is asserted on after other awaits. */
function caught<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

describe('request channel', () => {
  it('pairs each answer with its request by id, checked against the declared schemas', async () => {
    const { a, b, deliver } = channelPair();
    b.channel.handle(double, ({ n }) => ({ twice: n * 2 }));
    const first = a.channel.request(double, { n: 2 });
    const second = a.channel.request(double, { n: 5 });
    await deliver();
    assert.deepEqual(await first, { twice: 4 });
    assert.deepEqual(await second, { twice: 10 });
    const requests = a.sent.filter((m) => m.type === 'request');
    assert.deepEqual(
      requests.map((m) => m.id),
      [1, 2],
    );
    assert.equal(a.channel.pendingCount(), 0);
    assert.equal(b.channel.servingCount(), 0);
    assert.deepEqual([...a.problems, ...b.problems], []);
  });

  it('hands the declared buffers to the transport to transfer, both ways', async () => {
    const { a, b, deliver } = channelPair();
    b.channel.handle(bytes, ({ data }) => ({ data: data.slice(0, 1) }));
    const data = new ArrayBuffer(4);
    const answer = a.channel.request(bytes, { data });
    assert.equal(a.outbox[0]?.transfer[0], data);
    await settle();
    b.channel.receive(a.outbox.splice(0)[0]!.message);
    await settle();
    const reply = b.outbox[0];
    assert.ok(reply?.message.type === 'response');
    assert.equal(reply.transfer.length, 1);
    await deliver();
    assert.equal((await answer).data.byteLength, 1);
  });

  it('times out with a typed error when no answer comes, tells the other side, and drops a late answer', async () => {
    const { a, b, timer, deliver } = channelPair();
    const { calls, handler } = gate();
    b.channel.handle(double, handler);
    const answer = a.channel.request(double, { n: 3 });
    const seen: { outcome?: unknown } = {};
    answer.catch((e: unknown) => (seen.outcome = e));
    await deliver();
    assert.equal(calls.length, 1);
    timer.advance(4_999);
    await settle();
    assert.equal(seen.outcome, undefined, 'not yet');
    timer.advance(1);
    await settle();
    const outcome = ((): unknown => seen.outcome)();
    assert.ok(outcome instanceof RequestTimeoutError);
    assert.equal(outcome.method, 'double');
    assert.equal(isRequestCancelled(outcome), false, 'a timeout is a failure to show');
    // The cancel reaches the handler, whose answer is then never sent.
    await deliver();
    assert.equal(calls[0]?.signal.aborted, true);
    calls[0]?.finish();
    await deliver();
    assert.equal(b.sent.filter((m) => m.type === 'response').length, 0);
    // An answer that crossed the cancel on the way is dropped quietly, and delivers nothing.
    a.channel.receive({ type: 'response', id: 1, method: 'double', result: { twice: 6 } });
    assert.equal(a.channel.lateAnswers, 1);
    assert.deepEqual(a.problems, []);
    assert.equal(timer.size, 0, 'no timer left behind');
  });

  it('honours a per-request time limit', async () => {
    const { a, timer } = channelPair();
    const answer = a.channel.request(double, { n: 1 }, { timeoutMs: 10 });
    timer.advance(10);
    await assert.rejects(
      answer,
      (e: unknown) => e instanceof RequestTimeoutError && e.timeoutMs === 10,
    );
  });

  it('cancels by signal with a typed cancellation, and the handler is aborted without answering', async () => {
    const { a, b, deliver } = channelPair();
    const { calls, handler } = gate();
    b.channel.handle(double, handler);
    const controller = new AbortController();
    const answer = a.channel.request(double, { n: 3 }, { signal: controller.signal });
    await deliver();
    controller.abort();
    await assert.rejects(answer, (e: unknown) => {
      assert.ok(e instanceof RequestCancelledError);
      assert.equal(e.reason, 'cancelled');
      assert.ok(isRequestCancelled(e));
      return true;
    });
    await deliver();
    assert.equal(calls[0]?.signal.aborted, true);
    assert.equal(b.channel.servingCount(), 0);
    calls[0]?.finish();
    await deliver();
    assert.equal(b.sent.length, 0, 'the cancelled request got no answer');
    // A signal already aborted sends nothing at all.
    const none = a.channel.request(double, { n: 1 }, { signal: AbortSignal.abort() });
    await assert.rejects(none, RequestCancelledError);
    assert.equal(a.sent.filter((m) => m.type === 'request').length, 1);
  });

  it('rejects answers nobody asked for, and answers of another method, and reports them', async () => {
    const { a } = channelPair();
    const answer = a.channel.request(double, { n: 1 });
    assert.equal(
      a.channel.receive({ type: 'response', id: 99, method: 'double', result: { twice: 2 } }),
      true,
    );
    a.channel.receive({ type: 'response', id: 1, method: 'other', result: { twice: 2 } });
    assert.equal(a.problems.length, 2);
    assert.match(a.problems[0]!, /unknown request double#99/);
    assert.match(a.problems[1]!, /answer other#1 to a double request/);
    assert.equal(a.channel.pendingCount(), 1, 'the request still waits for its own answer');
    a.channel.receive({ type: 'response', id: 1, method: 'double', result: { twice: 2 } });
    assert.deepEqual(await answer, { twice: 2 });
  });

  it('refuses an answer that fails the schema, and malformed envelopes', async () => {
    const { a } = channelPair();
    const answer = a.channel.request(double, { n: 1 });
    a.channel.receive({ type: 'response', id: 1, method: 'double', result: { twice: 'x' } });
    await assert.rejects(
      answer,
      (e: unknown) => e instanceof RequestFailedError && /twice/.test(e.message),
    );
    a.channel.receive({ type: 'response', id: -4, method: 'double' });
    a.channel.receive({ type: 'request', id: 1.5, method: 'double', params: {} });
    assert.equal(a.problems.length, 3);
    assert.equal(
      a.channel.receive({ type: 'ready' }),
      false,
      'other messages are not the channel’s',
    );
    assert.equal(a.channel.receive(null), false);
  });

  it('refuses invalid params on both ends, and unknown methods, with an answer that says why', async () => {
    const { a, b, deliver } = channelPair();
    b.channel.handle(double, ({ n }) => ({ twice: n * 2 }));
    // The sending side refuses what the other would, and sends nothing.
    await assert.rejects(a.channel.request(double, { n: 5000 }), /invalid double request/);
    assert.equal(a.sent.length, 0);
    // A hostile or outdated other side: its request is answered with the reason.
    b.channel.receive({ type: 'request', id: 7, method: 'double', params: { n: 'x' } });
    b.channel.receive({ type: 'request', id: 8, method: 'runCommand', params: {} });
    await deliver();
    const errors = b.sent.map((m) => (m.type === 'response' ? m.error?.message : undefined));
    assert.match(errors[0] ?? '', /invalid double request/);
    assert.match(errors[1] ?? '', /unknown request runCommand/);
    assert.equal(b.problems.length, 2);
  });

  it('turns a handler failure into a typed failure on the asking side, and checks answers before sending', async () => {
    const { a, b, deliver } = channelPair({ describeError: (e) => `described: ${String(e)}` });
    b.channel.handle(double, ({ n }) => {
      if (n === 0) throw new Error('zero');
      return { twice: n === 1 ? ('two' as unknown as number) : n * 2 };
    });
    const failing = caught(a.channel.request(double, { n: 0 }));
    const invalid = caught(a.channel.request(double, { n: 1 }));
    await deliver();
    await assert.rejects(
      failing,
      (e: unknown) => e instanceof RequestFailedError && /described: Error: zero/.test(e.message),
    );
    await assert.rejects(invalid, /the double answer could not be sent/);
    assert.equal(b.problems.length, 1);
  });

  it('supersedes an older request of a latest-only kind', async () => {
    const { a, b, deliver } = channelPair();
    const { calls, handler } = gate();
    b.channel.handle(double, handler, { latestOnly: true });
    const older = caught(a.channel.request(double, { n: 1 }));
    await deliver();
    const newer = a.channel.request(double, { n: 2 });
    await deliver();
    await assert.rejects(
      older,
      (e: unknown) => e instanceof RequestCancelledError && e.reason === 'superseded',
    );
    assert.equal(calls[0]?.signal.aborted, true);
    calls[1]?.finish();
    await deliver();
    assert.deepEqual(await newer, { twice: 4 });
  });

  it('ends everything in flight when closed, and takes nothing afterwards', async () => {
    const { a, b, timer, deliver } = channelPair();
    const { calls, handler } = gate();
    b.channel.handle(double, handler);
    const waiting = caught(a.channel.request(double, { n: 1 }));
    await deliver();
    // The answering side closes (the panel went away): its handlers stop.
    b.channel.dispose();
    assert.equal(calls[0]?.signal.aborted, true);
    // The asking side closes: what it waits for ends with a cancellation, not a hang.
    a.channel.dispose();
    await assert.rejects(
      waiting,
      (e: unknown) => e instanceof RequestCancelledError && e.reason === 'closed',
    );
    await assert.rejects(a.channel.request(double, { n: 1 }), RequestCancelledError);
    assert.equal(timer.size, 0);
    a.channel.receive({ type: 'response', id: 1, method: 'double', result: { twice: 2 } });
    assert.deepEqual(a.problems, []);
  });

  it('fails everything waiting when the other side is gone', async () => {
    const { a } = channelPair();
    const one = caught(a.channel.request(double, { n: 1 }));
    const two = caught(a.channel.request(double, { n: 2 }));
    a.channel.failAll('the worker failed');
    for (const p of [one, two]) {
      await assert.rejects(
        p,
        (e: unknown) => e instanceof RequestFailedError && e.message === 'the worker failed',
      );
    }
    assert.equal(a.channel.pendingCount(), 0);
  });
});
