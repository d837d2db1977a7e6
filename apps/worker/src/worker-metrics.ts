import { Counter, Histogram, type Registry } from 'prom-client';

export type SendOutcome = 'sent' | 'already_welcomed' | 'retried' | 'throttled' | 'failed_permanently';

export interface WorkerMetrics {
  countSend(outcome: SendOutcome): void;
  observeSendSeconds(seconds: number): void;
  countTokenRefresh(): void;
}

/** The worker's figures, registered on `registry`. */
export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  const sends = new Counter({
    name: 'feishu_worker_sends_total',
    help: 'Welcome sends by outcome (sent, already_welcomed, retried, throttled, failed_permanently)',
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
  return {
    countSend: (outcome) => sends.inc({ outcome }),
    observeSendSeconds: (seconds) => latency.observe(seconds),
    countTokenRefresh: () => tokens.inc(),
  };
}
