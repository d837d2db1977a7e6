import {
  FEISHU_EVENTS_QUEUE,
  createLogger,
  createRedisReadiness,
  createReplicaReadiness,
  createReplicaShortfall,
  createSideConnection,
  writeNodeFor,
  type Logger,
  type Readiness,
  type RedisConnection,
} from '@feishu-welcome/shared';
import { Queue } from 'bullmq';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { createBullmqEnqueue, type ReplicaConfirmation } from './create-bullmq-enqueue.js';
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
  /**
   * True while the queue's Redis answers and, with ENQUEUE_MIN_REPLICAS, has that many replicas online;
   * else why not (`redis-unavailable`, `too-few-replicas`).
   */
  readonly readiness: () => Promise<Readiness>;
  /** Closes the queue and its Redis, last. */
  close(): Promise<void>;
}

/**
 * Each batch refused for lack of replicas: its events counted on `feishu_ingress_unreplicated_total`
 * (each also counts as `unavailable`, answered 503 or code 500) and one warning with the counts.
 */
function ingressShortfall(registry: Registry, log: Logger): ReplicaConfirmation['onShortfall'] {
  const shortfall = createReplicaShortfall(log.child({ module: 'replicas' }), {
    counter: new Counter({
      name: 'feishu_ingress_unreplicated_total',
      help: 'Events refused because fewer than ENQUEUE_MIN_REPLICAS replicas confirmed them in time',
      registers: [registry],
    }),
    message: 'too few replicas confirmed the write in time; Feishu will push these events again',
  });
  return (error, events) => shortfall(error, events, { events });
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
  // The replicas are counted, and Redis pinged, on a connection of their own: each WAIT blocks the
  // queue's for up to ENQUEUE_TIMEOUT_MS, and a PING queued behind it would read as Redis not answering.
  const probe = required > 0 ? createSideConnection(redis) : undefined;
  probe?.on('error', () => undefined);
  const redisReady = createRedisReadiness(probe ?? redis, config.enqueueTimeoutMs);
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
            onShortfall: ingressShortfall(registry, root),
          }
        : undefined,
    ),
    registry,
    metrics: createIngressMetrics(registry),
    async readiness() {
      // Both at once; the more telling reason wins.
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
