/** How the ingress section loads each server; the durations are what BENCHMARKS.md states. */
export interface LoadPlan {
  /** Requests of the saturating warm-up whose figures are thrown away: JIT, sockets, Redis warm. */
  readonly warmupRequests: number;
  /** The length each measured run aims at (its request count is rate × this). */
  readonly durationS: number;
  /** Connections of the saturating runs: enough that the server, not the client, is the limit. */
  readonly saturationConnections: number;
  /** Connections of the fixed-rate runs (autocannon splits `overallRate` over them). */
  readonly rateConnections: number;
  /** The fixed rate every server is measured at, events/s. */
  readonly fixedRate: number;
  /** The second fixed rate, as a fraction of each server's own measured maximum. */
  readonly nearMaxFraction: number;
}

export const DEFAULT_LOAD_PLAN: LoadPlan = {
  warmupRequests: 20_000,
  durationS: 10,
  saturationConnections: 64,
  rateConnections: 16,
  fixedRate: 1_000,
  nearMaxFraction: 0.9,
};

/**
 * The request count of a saturating run meant to last about `durationS`: the warm-up's rate is a
 * little below the warm server's, hence the margin.
 */
export function saturationAmount(warmupRps: number, durationS: number): number {
  return Math.round(warmupRps * durationS * 1.2);
}
