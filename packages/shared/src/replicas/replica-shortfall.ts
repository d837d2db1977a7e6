import type { Counter } from 'prom-client';
import type { Logger } from '../create-logger.js';
import type { TooFewReplicasError } from './confirm-replicas.js';

export interface ReplicaShortfallOptions {
  /** Counts what was not confirmed, e.g. `feishu_ingress_unreplicated_total`. */
  readonly counter: Counter;
  /** The warning logged with each shortfall: what happens to what was not confirmed. */
  readonly message: string;
}

/**
 * What a process does when too few replicas confirm a write in time (ENQUEUE_MIN_REPLICAS): counts
 * `count` things on its counter and logs one warning with the counts and `fields` (ids, never content).
 * The counter is at 0 from the start, so that a rate or an alert sees the series before the first one.
 */
export function createReplicaShortfall(
  log: Logger,
  options: ReplicaShortfallOptions,
): (error: TooFewReplicasError, count: number, fields?: Record<string, unknown>) => void {
  const refused = options.counter;
  refused.inc(0);
  return (error, count, fields = {}) => {
    refused.inc(count);
    log.warn({ confirmed: error.confirmed, required: error.required, ...fields }, options.message);
  };
}
