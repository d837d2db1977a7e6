import { describe, expect, it } from 'vitest';
import { summariseWsLoad } from './summarise-ws-load.js';

describe('summariseWsLoad', () => {
  it('counts what was not acknowledged with 200 as failed, and rates only the acknowledged', () => {
    const figures = summariseWsLoad({
      pushed: 10,
      outcomes: { acked: 8, refused: 1, 'no-ack': 1, 'no-connection': 0 },
      elapsedMs: 2_000,
      ackLatenciesMs: [8, 1, 2, 3, 4, 5, 6, 7],
    });
    expect(figures).toMatchObject({ pushed: 10, acked: 8, failed: 2, durationS: 2, eventsPerSecond: 4 });
    expect(figures.latencyMs).toMatchObject({ count: 8, p50: 4, p99: 8, max: 8 });
  });

  it('gives no rate, rather than an infinite one, for a run that took no time', () => {
    const figures = summariseWsLoad({
      pushed: 0,
      outcomes: { acked: 0, refused: 0, 'no-ack': 0, 'no-connection': 0 },
      elapsedMs: 0,
      ackLatenciesMs: [],
    });
    expect(figures.eventsPerSecond).toBeNaN();
    expect(figures.latencyMs.count).toBe(0);
  });
});
