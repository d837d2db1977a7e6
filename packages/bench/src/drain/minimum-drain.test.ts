import { describe, expect, it } from 'vitest';
import { minimumDrainSeconds } from './minimum-drain.js';

describe('minimumDrainSeconds', () => {
  it("matches the closed form 60·⌊k / M⌋ + ⌊(k mod M) / S⌋ under Feishu's windows", () => {
    for (const [perSecond, perMinute] of [
      [50, 1_000],
      [25, 500],
      [5, 20],
    ] as const) {
      for (const events of [1, perSecond, perSecond + 1, perMinute, perMinute + 1, 3 * perMinute + 7]) {
        const k = events - 1;
        const closedForm = 60 * Math.floor(k / perMinute) + Math.floor((k % perMinute) / perSecond);
        expect(
          minimumDrainSeconds(events, perSecond, perMinute),
          `${events} at ${perSecond}/${perMinute}`,
        ).toBe(closedForm);
      }
    }
  });

  it('gives the figures BENCHMARKS.md states: 559 s for 10,000 at 50/s and 1,000/min, 79 s for 1,000 at half', () => {
    expect(minimumDrainSeconds(10_000, 50, 1_000)).toBe(559);
    expect(minimumDrainSeconds(1_000, 25, 500)).toBe(79);
  });

  it('is 0 for no events, and for a burst the per-second limit takes at once', () => {
    expect(minimumDrainSeconds(0, 50, 1_000)).toBe(0);
    expect(minimumDrainSeconds(50, 50, 1_000)).toBe(0);
  });

  it('lets whichever window binds later decide, with windows of any length', () => {
    // 2 per 1 s and 3 per 60 s: the third send waits a second, the fourth for the minute window.
    expect(minimumDrainSeconds(3, 2, 3)).toBe(1);
    expect(minimumDrainSeconds(4, 2, 3)).toBe(60);
    expect(minimumDrainSeconds(4, 2, 3, { secondS: 1.05, minuteS: 60.05 })).toBeCloseTo(60.05);
  });
});
