import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JsonObject } from '../json-object.js';
import { type PushObserved, runWsLoad } from './run-ws-load.js';
import type { FirstAttemptObserver } from './ws-delivery-book.js';

afterEach(() => {
  vi.useRealTimers();
});

const TEMPLATE = { uuid: 'ev-load', event: { type: 'p2p_chat_create' } };

/** A client that leaves each push pending until the test settles it. */
function heldPushes() {
  const pending: { readonly envelope: JsonObject; readonly observer: FirstAttemptObserver }[] = [];
  const push: PushObserved = (envelope, observer) => {
    pending.push({ envelope, observer });
  };
  return { push, pending };
}

describe('runWsLoad', () => {
  it('keeps at most `window` pushes unsettled, gives each its own event id, and counts outcomes', async () => {
    const { push, pending } = heldPushes();
    let settledSoFar = 0;
    const done = runWsLoad(push, { event: TEMPLATE, count: 7, window: 3 });
    expect(pending).toHaveLength(3);
    const outcomes = ['acked', 'refused', 'no-ack', 'acked', 'acked', 'no-connection', 'acked'] as const;
    for (const outcome of outcomes) {
      const next = pending[settledSoFar];
      settledSoFar += 1;
      next?.observer({ outcome, elapsedMs: 1.23456 });
      expect(pending.length - settledSoFar).toBeLessThanOrEqual(3);
    }
    const result = await done;
    expect(pending.map((p) => p.envelope['uuid'])).toEqual([0, 1, 2, 3, 4, 5, 6].map((n) => `ev-load-${n}`));
    expect(pending[0]?.envelope['event']).toEqual(TEMPLATE.event);
    expect(result).toMatchObject({
      pushed: 7,
      outcomes: { acked: 4, refused: 1, 'no-ack': 1, 'no-connection': 1 },
      ackLatenciesMs: [1.235, 1.235, 1.235, 1.235],
    });
  });

  it('starts pushes no faster than the rate: the first at once, then one every 1/rate s', async () => {
    vi.useFakeTimers();
    const { push, pending } = heldPushes();
    const done = runWsLoad(push, { event: TEMPLATE, count: 20, ratePerSecond: 100 }, () => Date.now());
    expect(pending).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(pending).toHaveLength(6);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pending).toHaveLength(20);
    for (const { observer } of pending) observer({ outcome: 'acked', elapsedMs: 1 });
    expect((await done).outcomes.acked).toBe(20);
  });

  it('takes pushes settled while being made (nobody connected) without deepening the stack', async () => {
    const push: PushObserved = (_envelope, observer) => observer({ outcome: 'no-connection', elapsedMs: 0 });
    const result = await runWsLoad(push, { event: TEMPLATE, count: 200_000, window: 1 });
    expect(result).toMatchObject({ pushed: 200_000, outcomes: { 'no-connection': 200_000 } });
  });

  it('names the ids `load-<n>` when the envelope has none', async () => {
    const { push, pending } = heldPushes();
    const done = runWsLoad(push, { event: { schema: '2.0', header: {} }, count: 1, window: 1 });
    pending[0]?.observer({ outcome: 'acked', elapsedMs: 0 });
    await done;
    expect(pending[0]?.envelope['header']).toEqual({ event_id: 'load-0' });
  });
});
