import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/**
 * Jobs in the queue by state, read from Redis at each scrape. Every worker replica reports the same
 * figures; aggregate with `max`, not `sum`.
 */
export function registerQueueDepth(registry: Registry, queue: Queue): void {
  new Gauge({
    name: 'feishu_queue_jobs',
    help: 'Jobs in the Feishu events queue by state (the same from every replica: use max())',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts = await queue.getJobCounts(...STATES);
      for (const state of STATES) this.set({ state }, counts[state] ?? 0);
    },
  });
}
