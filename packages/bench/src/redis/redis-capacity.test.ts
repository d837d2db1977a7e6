import { describe, expect, it } from 'vitest';
import { cpuPerThousand, retainedJobBytes, unitsPerCore } from './redis-capacity.js';

describe('cpuPerThousand and unitsPerCore', () => {
  it('turns CPU seconds over a run into seconds per 1,000 and back into a rate per core', () => {
    // 0.5 s of Redis CPU over 20,000 events: 25 ms per 1,000, so one core does 40,000 a second.
    expect(cpuPerThousand(0.5, 20_000)).toBeCloseTo(0.025, 12);
    expect(unitsPerCore(0.025)).toBeCloseTo(40_000, 6);
  });

  it('gives no figure (NaN) for nothing measured, rather than 0 or Infinity', () => {
    expect(cpuPerThousand(0.5, 0)).toBeNaN();
    expect(unitsPerCore(0)).toBeNaN();
  });
});

describe('retainedJobBytes', () => {
  const retention = {
    completedBytes: 2_000,
    failedBytes: 5_000,
    completedRetentionS: 48 * 3600,
    failedRetentionS: 14 * 24 * 3600,
  };

  it('holds two days of completed jobs when none fails', () => {
    expect(retainedJobBytes(1_000_000, 0, retention)).toBe(2 * 1_000_000 * 2_000);
  });

  it('holds fourteen days of the failed share, at the failed size', () => {
    // 1 % of 1M a day fail: 990,000 × 2 days × 2,000 B + 10,000 × 14 days × 5,000 B.
    expect(retainedJobBytes(1_000_000, 0.01, retention)).toBe(3_960_000_000 + 700_000_000);
  });
});
