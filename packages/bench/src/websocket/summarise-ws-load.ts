import type { WsLoadResult } from '@feishu-welcome/feishu-stand-in';
import { type LatencySummary, summariseLatencies } from '../report/percentiles.js';

/** One load run against one long-connection client, as the report reads it. */
export interface WsRunFigures {
  readonly pushed: number;
  /** First attempts acknowledged with code 200. */
  readonly acked: number;
  /** First attempts not acknowledged with 200: refused, timed out (3 s), or nobody connected. */
  readonly failed: number;
  readonly durationS: number;
  /** Acknowledged events per second over the run. */
  readonly eventsPerSecond: number;
  /** Push → acknowledgement, as the stand-in timed each one. */
  readonly latencyMs: LatencySummary;
}

/** Rates and exact percentiles (nearest rank) of one stand-in load. */
export function summariseWsLoad(load: WsLoadResult): WsRunFigures {
  const durationS = load.elapsedMs / 1_000;
  const { acked } = load.outcomes;
  return {
    pushed: load.pushed,
    acked,
    failed: load.pushed - acked,
    durationS,
    eventsPerSecond: durationS > 0 ? acked / durationS : Number.NaN,
    latencyMs: summariseLatencies(Float64Array.from(load.ackLatenciesMs)),
  };
}
