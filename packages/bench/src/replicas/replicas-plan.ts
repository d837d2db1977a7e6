/** How the `replicas` section loads the ingress; the sizes are what BENCHMARKS.md states. */
export interface ReplicasPlan {
  /** The settings compared; the first is the baseline every ratio is taken against. */
  readonly settings: readonly number[];
  /** Measured rounds per setting, alternating the settings' order from one round to the next. */
  readonly rounds: number;
  /** Pushes in each measured round, and in each ingress's warm-up (figures thrown away). */
  readonly eventsPerRound: number;
  readonly warmupEvents: number;
  /** Concurrent connections: several pushes in flight, so the ingress writes them in batches. */
  readonly connections: number;
}

/** ENQUEUE_MIN_REPLICAS=0 (no `WAIT`) against 1, the setting docs/scaling.md recommends with a replica. */
export const REPLICAS_PLAN: ReplicasPlan = {
  settings: [0, 1],
  rounds: 4,
  eventsPerRound: 10_000,
  warmupEvents: 3_000,
  connections: 50,
};

/** The order the settings run in round `round` (0-based): as planned, then reversed, and so on. */
export function roundOrder(settings: readonly number[], round: number): readonly number[] {
  return round % 2 === 0 ? settings : [...settings].reverse();
}
