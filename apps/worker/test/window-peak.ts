/**
 * The most of `times` (sorted, oldest first) that fall in any window of `windowMs`, a time t counting
 * in [t, t + windowMs): what a sliding-window limit of that window sees at its busiest.
 */
export function windowPeak(times: readonly number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
