import { describe, expect, it } from 'vitest';
import { drainSpecs } from './drain-plan.js';
import { minimumDrainSeconds } from './minimum-drain.js';

describe('drainSpecs', () => {
  it("runs 10,000 events at Feishu's limits in full, 1,000 at half of them by default, on 1, 2 and 4 workers", () => {
    expect(drainSpecs(true)).toEqual(
      [1, 2, 4].map((workers) => ({ events: 10_000, workers, perSecond: 50, perMinute: 1_000 })),
    );
    expect(drainSpecs(false)).toEqual(
      [1, 2, 4].map((workers) => ({ events: 1_000, workers, perSecond: 25, perMinute: 500 })),
    );
  });

  it('keeps a burst a whole number of minute windows, so that the minute limit binds', () => {
    for (const spec of [...drainSpecs(true), ...drainSpecs(false)]) {
      expect(spec.events % spec.perMinute).toBe(0);
      expect(minimumDrainSeconds(spec.events, spec.perSecond, spec.perMinute)).toBeGreaterThan(60);
    }
  });
});
