import {
  FEISHU_EVENTS_QUEUE,
  createLogger,
  createRedisReadiness,
  type Logger,
  type Readiness,
  type RedisConnection,
} from '@feishu-welcome/shared';
import { Queue } from 'bullmq';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createBullmqEnqueue } from './create-bullmq-enqueue.js';
import { createProbeConnection } from './create-probe-connection.js';
import { createQueueConnection } from './create-queue-connection.js';
import type { Enqueue } from './enqueue.js';
import type { IngressConfig } from './ingress-config.js';
import { createIngressMetrics, type IngressMetrics } from './ingress-metrics.js';
import { createReplicaReadiness } from './replica-readiness.js';
import { createReplicaShortfall } from './replica-shortfall.js';
import { watchRedisPersistence } from './watch-redis-persistence.js';
import { writeNodeFor } from './write-node-for.js';

/** What both intakes share: the queue they store events in, its Redis, and the process's metrics. */
export interface IngressCore {
  readonly log: Logger;
  readonly redis: RedisConnection;
  readonly enqueue: Enqueue;
  readonly registry: Registry;
  readonly metrics: IngressMetrics;
  /**
   * True while the queue's Redis answers and, with ENQUEUE_MIN_REPLICAS, has that many replicas online;
   * else why not (`redis-unavailable`, `too-few-replicas`).
   */
  readonly readiness: () => Promise<Readiness>;
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
  const required = config.enqueueMinReplicas;
  // Every key of the queue shares its prefix, hence (under a `{…}` prefix) one Cluster slot and node.
  const queueKey = queue.toKey('');
  const redisReady = createRedisReadiness(redis, config.enqueueTimeoutMs);
  // The replicas are counted on a connection of their own: each WAIT blocks the queue's for a while.
  const probe = required > 0 ? createProbeConnection(redis) : undefined;
  probe?.on('error', () => undefined);
  const replicasReady = probe
    ? createReplicaReadiness(() => writeNodeFor(probe, queueKey), required, config.enqueueTimeoutMs)
    : () => Promise.resolve(true);
  return {
    log: root,
    redis,
    enqueue: createBullmqEnqueue(
      queue,
      redis,
      config.enqueueTimeoutMs,
      required > 0
        ? {
            required,
            node: () => writeNodeFor(redis, queueKey),
            onShortfall: createReplicaShortfall(registry, root.child({ module: 'replicas' })),
          }
        : undefined,
    ),
    registry,
    metrics: createIngressMetrics(registry),
    async readiness() {
      // Both at once: while too few replicas are online the queue's connection may be held by a WAIT,
      // and the more telling reason wins.
      const [answers, replicated] = await Promise.all([redisReady(), replicasReady()]);
      if (replicated === false) return { ready: false, reason: 'too-few-replicas' };
      return answers && replicated === true ? true : { ready: false, reason: 'redis-unavailable' };
    },
    async close() {
      await queue.close();
      await redis.quit().catch(() => undefined);
      await probe?.quit().catch(() => undefined);
    },
  };
}
