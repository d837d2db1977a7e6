import type { Logger } from '@feishu-welcome/shared';
import { Counter, type Registry } from 'prom-client';
import type { TooFewReplicasError } from './confirm-replicas.js';

/**
 * What the ingress does when too few replicas confirm a batch in time: counts its events on
 * `feishu_ingress_unreplicated_total` (each also counts as `unavailable`, answered 503 or code 500) and
 * logs one line with the counts, never the events' content.
 */
export function createReplicaShortfall(
  registry: Registry,
  log: Logger,
): (error: TooFewReplicasError, events: number) => void {
  const refused = new Counter({
    name: 'feishu_ingress_unreplicated_total',
    help: 'Events refused because fewer than ENQUEUE_MIN_REPLICAS replicas confirmed them in time',
    registers: [registry],
  });
  // At zero from the start, so that a rate or an alert sees the series before the first shortfall.
  refused.inc(0);
  return (error, events) => {
    refused.inc(events);
    log.warn(
      { confirmed: error.confirmed, required: error.required, events },
      'too few replicas confirmed the write in time; Feishu will push these events again',
    );
  };
}
