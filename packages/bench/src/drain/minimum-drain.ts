export interface DrainWindows {
  /** @defaultValue 1 (Feishu's) */
  readonly secondS: number;
  /** @defaultValue 60 (Feishu's) */
  readonly minuteS: number;
}

const FEISHU_WINDOWS: DrainWindows = { secondS: 1, minuteS: 60 };

/**
 * The earliest the last of `events` sends can go out, counted from the first send, when at most
 * `perSecond` may fall in any window of `secondS` and `perMinute` in any window of `minuteS` (sliding;
 * an event at t is inside the window at `now` while t > now − length). Sending every message as early
 * as the windows allow, the k-th (from 0) goes at
 *   t(k) = max(t(k − S) + secondS, t(k − M) + minuteS),  with t(k) = 0 for k < S,
 * which with Feishu's windows and S dividing M is 60·⌊k / M⌋ + ⌊(k mod M) / S⌋ seconds.
 */
export function minimumDrainSeconds(
  events: number,
  perSecond: number,
  perMinute: number,
  windows: DrainWindows = FEISHU_WINDOWS,
): number {
  const times: number[] = [];
  for (let k = 0; k < events; k++) {
    const bySecond = k >= perSecond ? (times[k - perSecond] ?? 0) + windows.secondS : 0;
    const byMinute = k >= perMinute ? (times[k - perMinute] ?? 0) + windows.minuteS : 0;
    times.push(Math.max(bySecond, byMinute));
  }
  return times[events - 1] ?? 0;
}
