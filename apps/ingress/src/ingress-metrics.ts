import { ENQUEUED_EVENT_TYPES } from '@feishu-welcome/shared';
import { Counter, Histogram, type Registry } from 'prom-client';
import { REJECT_REASONS, type IngressOutcome } from './ingress-outcome.js';

export interface IngressMetrics {
  observe(outcome: IngressOutcome, seconds: number): void;
}

/** Every kind of outcome; the compiler checks the list is complete. */
const OUTCOME_KINDS = {
  accepted: true,
  duplicate: true,
  ignored: true,
  challenge: true,
  rejected: true,
  unavailable: true,
} as const satisfies Record<IngressOutcome['kind'], true>;

/** Looks each label set's child up once and keeps it: prom-client otherwise rebuilds the key per call. */
function memoise<T>(make: (key: string) => T): (key: string) => T {
  const made = new Map<string, T>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}

/** Requests by outcome and the time to acknowledge them, registered on `registry`. */
export function createIngressMetrics(registry: Registry): IngressMetrics {
  const requests = new Counter({
    name: 'feishu_ingress_requests_total',
    help: 'Pushes (webhook requests, long-connection events) by outcome (accepted, duplicate, ignored, challenge, rejected, unavailable)',
    labelNames: ['outcome', 'reason', 'event_type'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'feishu_ingress_ack_seconds',
    help: 'Time from request to answer; Feishu gives up after 3 s',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const counterFor = memoise((key) => {
    const [outcome = '', reason = '', eventType = ''] = key.split('\n');
    return requests.labels({ outcome, reason, event_type: eventType });
  });
  const timerFor = memoise((outcome) => latency.labels({ outcome }));
  // Every series known up front starts at zero, so that alerts and rates see it before the first event
  // (`ignored` is labelled with event types nobody can list in advance).
  for (const eventType of ENQUEUED_EVENT_TYPES) {
    for (const outcome of ['accepted', 'duplicate', 'unavailable'])
      counterFor(`${outcome}\n\n${eventType}`).inc(0);
  }
  for (const reason of REJECT_REASONS) counterFor(`rejected\n${reason}\n`).inc(0);
  counterFor('challenge\n\n').inc(0);
  for (const outcome of Object.keys(OUTCOME_KINDS)) latency.zero({ outcome });
  return {
    observe(outcome, seconds) {
      const reason = outcome.kind === 'rejected' ? outcome.reason : '';
      const eventType = 'eventType' in outcome ? outcome.eventType : '';
      counterFor(`${outcome.kind}\n${reason}\n${eventType}`).inc();
      timerFor(outcome.kind).observe(seconds);
    },
  };
}
