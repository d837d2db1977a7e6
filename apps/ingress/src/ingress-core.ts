import {
  FEISHU_EVENTS_QUEUE,
  createLogger,
  createRedisReadiness,
  type Logger,
  type RedisConnection,
} from '@feishu-welcome/shared';
import { Queue } from 'bullmq';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createBullmqEnqueue } from './create-bullmq-enqueue.js';
import { createQueueConnection } from './create-queue-connection.js';
import type { Enqueue } from './enqueue.js';
import type { IngressConfig } from './ingress-config.js';
import { createIngressMetrics, type IngressMetrics } from './ingress-metrics.js';
import { watchRedisPersistence } from './watch-redis-persistence.js';

/** What both intakes share: the queue they store events in, its Redis, and the process's metrics. */
export interface IngressCore {
  readonly log: Logger;
  readonly redis: RedisConnection;
  readonly enqueue: Enqueue;
  readonly registry: Registry;
  readonly metrics: IngressMetrics;
  /** True while the queue's Redis answers. */
  readonly redisReady: () => Promise<boolean>;
  /** Closes the queue and its Redis, last. */
  close(): Promise<void>;
}

export function createIngressCore(config: IngressConfig, log: Logger | undefined): IngressCore {
  const root = log ?? createLogger({ name: 'ingress', level: config.logLevel });
  const redis = createQueueConnection(config, root);
  const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection: redis, prefix: config.queuePrefix });
  // The queue re-emits each of its connection's errors; the connection logs the outage once.
  queue.on('error', (err) => root.debug({ err }, 'queue error'));

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  void watchRedisPersistence({ redis, registry, log: root.child({ module: 'redis-persistence' }) });
  return {
    log: root,
    redis,
    enqueue: createBullmqEnqueue(queue, redis, config.enqueueTimeoutMs),
    registry,
    metrics: createIngressMetrics(registry),
    redisReady: createRedisReadiness(redis, config.enqueueTimeoutMs),
    async close() {
      await queue.close();
      await redis.quit().catch(() => undefined);
    },
  };
}
