/** How the websocket section loads each client; the figures are what BENCHMARKS.md states. */
export interface WsPlan {
  /**
   * Pushes of the warm-up before each saturating run, in its window: JIT, sockets, Redis warm. Its
   * figures are thrown away but for its rate, which sizes the run.
   */
  readonly warmupEvents: number;
  /** Unacknowledged pushes allowed in the saturating runs, one run each. */
  readonly windows: readonly number[];
  /** The length each saturating run aims at (its push count is its warm-up's rate × this × 1.2). */
  readonly durationS: number;
  /** The fixed rate every client is measured at, events/s. */
  readonly fixedRate: number;
  /** The length of the fixed-rate run. */
  readonly fixedDurationS: number;
}

export const DEFAULT_WS_PLAN: WsPlan = {
  warmupEvents: 5_000,
  windows: [64, 256],
  durationS: 8,
  fixedRate: 1_000,
  fixedDurationS: 10,
};
