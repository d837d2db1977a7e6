export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

/** The value below which `q` of the sorted samples fall (nearest rank). */
function rank(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Exact percentiles (nearest rank) of latencies in ms; `samples` is sorted in place. */
export function summariseLatencies(samples: Float64Array): LatencySummary {
  samples.sort();
  let total = 0;
  for (const value of samples) total += value;
  return {
    count: samples.length,
    p50: rank(samples, 0.5),
    p99: rank(samples, 0.99),
    p999: rank(samples, 0.999),
    max: samples.length === 0 ? Number.NaN : (samples[samples.length - 1] ?? Number.NaN),
    mean: samples.length === 0 ? Number.NaN : total / samples.length,
  };
}
