import { describe, expect, it } from 'vitest';
import { summariseLatencies } from './percentiles.js';

describe('summariseLatencies', () => {
  it('gives nearest-rank percentiles, the max and the mean, whatever the order of the samples', () => {
    const samples = Float64Array.from({ length: 1_000 }, (_, i) => 1_000 - i);
    expect(summariseLatencies(samples)).toEqual({
      count: 1_000,
      p50: 500,
      p99: 990,
      p999: 999,
      max: 1_000,
      mean: 500.5,
    });
  });

  it('sorts numerically, not as text', () => {
    expect(summariseLatencies(Float64Array.from([10, 9, 100, 2])).max).toBe(100);
  });

  it('takes the one sample for every percentile of a single sample', () => {
    expect(summariseLatencies(Float64Array.from([3.5]))).toMatchObject({ p50: 3.5, p99: 3.5, p999: 3.5 });
  });

  it('is NaN, not 0, for no samples', () => {
    const summary = summariseLatencies(new Float64Array(0));
    expect(summary.count).toBe(0);
    for (const value of [summary.p50, summary.p99, summary.p999, summary.max, summary.mean]) {
      expect(value).toBeNaN();
    }
  });
});
