import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import {
  FEISHU_EVENTS_QUEUE,
  closeOpsServer,
  createLogger,
  createRedisReadiness,
  deriveKey,
  startOpsServer,
  type Logger,
} from '@feishu-welcome/shared';
import { Queue } from 'bullmq';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createBullmqEnqueue } from './create-bullmq-enqueue.js';
import { createApp } from './create-app.js';
import { createPublicServer } from './create-public-server.js';
import { createQueueConnection, waitUntilReady } from './create-queue-connection.js';
import type { IngressConfig } from './ingress-config.js';
import { createIngressMetrics } from './ingress-metrics.js';
import { watchRedisPersistence } from './watch-redis-persistence.js';

/** What the ingress takes from outside besides its configuration; every field may be left out. */
export interface IngressDeps {
  /** @defaultValue a logger on stdout at `config.logLevel` */
  readonly log?: Logger;
  /** The clock for signatures' timestamp window, in Unix ms. @defaultValue `Date.now` */
  readonly now?: () => number;
  /** The public server's limit on slow clients. @defaultValue `REQUEST_TIMEOUT_MS` */
  readonly requestTimeoutMs?: number;
}

export interface RunningIngress {
  /** The public port's base URL on loopback, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly port: number;
  readonly metricsPort: number;
  /** Its Prometheus metrics, as `/metrics` serves them. */
  readonly registry: Registry;
  /** Stops taking requests, lets those in flight finish, then closes the queue and Redis. */
  close(): Promise<void>;
}

const port = (server: { address(): unknown }): number => (server.address() as AddressInfo).port;

/** The ingress: a webhook on `config.port` that stores each push in the queue, and its ops port. */
export async function startIngress(config: IngressConfig, deps: IngressDeps = {}): Promise<RunningIngress> {
  const log = deps.log ?? createLogger({ name: 'ingress', level: config.logLevel });
  const redis = createQueueConnection(config.redisUrl, log);
  const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection: redis, prefix: config.queuePrefix });
  // The queue re-emits each of its connection's errors; the connection logs the outage once.
  queue.on('error', (err) => log.debug({ err }, 'queue error'));

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  void watchRedisPersistence({ redis, registry, log: log.child({ module: 'redis-persistence' }) });
  const isReady = createRedisReadiness(redis, config.enqueueTimeoutMs);
  const app = createApp({
    policy: {
      verificationToken: config.verificationToken,
      crypto: config.encryptKey
        ? { encryptKey: config.encryptKey, aesKey: deriveKey(config.encryptKey) }
        : undefined,
      appId: config.appId,
    },
    enqueue: createBullmqEnqueue(queue, redis, config.enqueueTimeoutMs),
    now: deps.now ?? Date.now,
    log: log.child({ module: 'webhook' }),
    metrics: createIngressMetrics(registry),
    isReady,
  });
  const ops = await startOpsServer({ port: config.metricsPort, registry, isReady, log });

  // Listening before Redis answers would turn the first pushes into 503s; wait a little, then listen
  // anyway (`/readyz` tells the truth, and Feishu retries what it could not deliver).
  if (!(await waitUntilReady(redis, 10_000))) log.warn('redis not ready yet; listening anyway');
  const server = createPublicServer(app, deps.requestTimeoutMs).listen(config.port);
  await once(server, 'listening');
  log.info(
    {
      port: port(server),
      metricsPort: port(ops),
      encrypted: config.encryptKey !== undefined,
      appIdPinned: config.appId !== undefined,
    },
    'ingress listening',
  );

  async function shutdown(): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive sockets that go idle once their request is answered would hold the close open.
    const reaper = setInterval(() => server.closeIdleConnections(), 50);
    server.closeIdleConnections();
    await closed;
    clearInterval(reaper);
    await closeOpsServer(ops);
    await queue.close();
    await redis.quit().catch(() => undefined);
    log.info('ingress stopped');
  }
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port(server)}`,
    port: port(server),
    metricsPort: port(ops),
    registry,
    close: () => (closing ??= shutdown()),
  };
}
