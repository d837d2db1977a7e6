import type { DrainSpec } from './drain.js';

/**
 * Feishu's IM limits per app per tenant.
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message/create and https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control
 */
export const FEISHU_PER_SECOND = 50;
export const FEISHU_PER_MINUTE = 1_000;

/** The worker counts every drain is run with. */
export const DRAIN_WORKER_COUNTS = [1, 2, 4] as const;

/**
 * The drains of a run. Full size: 10,000 events at Feishu's limits, ten minute-windows (559 s at
 * best). Default: both limits halved (25/s, 500/min), which keeps their 1 : 20 ratio and so the shape
 * of each minute (20 s of sending at the per-second limit, then waiting for the minute window), with a
 * burst of 1,000 = 2 × the minute limit, a whole number of windows like the full run: 79 s at best.
 * The windows stay 1 s and 60 s (the stand-in's and the worker's), so any burst that the minute
 * limit binds takes over a minute.
 */
export function drainSpecs(full: boolean): DrainSpec[] {
  const scale = full ? 1 : 0.5;
  const events = full ? 10_000 : 1_000;
  return DRAIN_WORKER_COUNTS.map((workers) => ({
    events,
    workers,
    perSecond: FEISHU_PER_SECOND * scale,
    perMinute: FEISHU_PER_MINUTE * scale,
  }));
}
