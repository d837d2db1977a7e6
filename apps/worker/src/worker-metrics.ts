import { Counter, Histogram, type Registry } from 'prom-client';

/** Every outcome of `feishu_worker_sends_total`. */
export const SEND_OUTCOMES = [
  'sent',
  'already_welcomed',
  'retried',
  'throttled',
  'failed_permanently',
] as const;
export type SendOutcome = (typeof SEND_OUTCOMES)[number];

export interface WorkerMetrics {
  countSend(outcome: SendOutcome): void;
  observeSendSeconds(seconds: number): void;
  countTokenRefresh(): void;
}

/**
 * The worker's figures, registered on `registry`. Every counter is exported at 0 from the start, so that
 * an alert on its rate works before the first event of its kind.
 */
export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  const sends = new Counter({
    name: 'feishu_worker_sends_total',
    help: `Welcome sends by outcome (${SEND_OUTCOMES.join(', ')})`,
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'feishu_worker_send_seconds',
    help: 'Duration of one im/v1/messages call',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'feishu_worker_token_refreshes_total',
    help: 'tenant_access_token fetches',
    registers: [registry],
  });
  for (const outcome of SEND_OUTCOMES) sends.inc({ outcome }, 0);
  return {
    countSend: (outcome) => sends.inc({ outcome }),
    observeSendSeconds: (seconds) => latency.observe(seconds),
    countTokenRefresh: () => tokens.inc(),
  };
}
