/** CPU seconds per 1,000 units (events, jobs) from the seconds spent over `units`. */
export function cpuPerThousand(cpuSeconds: number, units: number): number {
  return units > 0 ? (cpuSeconds / units) * 1000 : Number.NaN;
}

/**
 * Units per second one fully busy core would sustain at `cpuSecondsPerThousand`: Redis runs commands
 * on one thread, so this bounds one Redis (or one cluster node's share of the work) from above. An
 * upper bound only: it assumes the cost per unit stays what it was at the measured rate.
 */
export function unitsPerCore(cpuSecondsPerThousand: number): number {
  return cpuSecondsPerThousand > 0 ? 1000 / cpuSecondsPerThousand : Number.NaN;
}

export interface Retention {
  /** Bytes one completed job holds while kept. */
  readonly completedBytes: number;
  /** Bytes one failed job holds while kept. */
  readonly failedBytes: number;
  /** How long completed jobs are kept, s (`COMPLETED_JOB_RETENTION_S`). */
  readonly completedRetentionS: number;
  /** How long failed jobs are kept, s (`FAILED_JOB_RETENTION_S`). */
  readonly failedRetentionS: number;
}

const DAY_S = 24 * 60 * 60;

/**
 * Redis memory held in steady state by the jobs of `eventsPerDay` events a day, of which a share
 * `failedShare` (0–1) fails: each job is kept as long as its state's retention, so a day's events are
 * held (retention / 1 day) times over. Queued jobs and per-user records are not included.
 */
export function retainedJobBytes(eventsPerDay: number, failedShare: number, retention: Retention): number {
  const completed = eventsPerDay * (1 - failedShare) * (retention.completedRetentionS / DAY_S);
  const failed = eventsPerDay * failedShare * (retention.failedRetentionS / DAY_S);
  return completed * retention.completedBytes + failed * retention.failedBytes;
}
