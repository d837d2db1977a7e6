/**
 * The worker's limiter pads Feishu's windows by 50 ms (`WINDOW_PADDING_MS` in
 * apps/worker/src/redis/send-rate-limiter.ts, not exported from a package), so its own best drain is
 * a little longer than Feishu's minimum. Kept in step with that file by hand.
 */
export const WINDOW_PADDING_S = 0.05;
