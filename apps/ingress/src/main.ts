import { once } from 'node:events';
import {
  FEISHU_EVENTS_QUEUE,
  createLogger,
  deriveKey,
  loadConfigOrExit,
  loadIngressConfig,
  startOpsServer,
  createRedisReadiness,
} from '@feishu-welcome/shared';
import { Queue } from 'bullmq';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createBullmqEnqueue } from './bullmq-enqueue.js';
import { createApp } from './create-app.js';
import { createPublicServer } from './create-public-server.js';
import { createQueueConnection, waitUntilReady } from './create-queue-connection.js';
import { createIngressMetrics } from './ingress-metrics.js';
import { watchRedisPersistence } from './watch-redis-persistence.js';

const config = loadConfigOrExit(() => loadIngressConfig(process.env), 'ingress');
const log = createLogger({ name: 'ingress', level: config.logLevel });

const redis = createQueueConnection(config.redisUrl, log);
const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection: redis, prefix: config.queuePrefix });
queue.on('error', (err) => log.warn({ err }, 'queue error'));

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
  now: Date.now,
  log: log.child({ module: 'webhook' }),
  metrics: createIngressMetrics(registry),
  isReady,
});
const ops = await startOpsServer({ port: config.metricsPort, registry, isReady, log });

// Listening before Redis answers would turn the first pushes into 503s; wait a little, then listen
// anyway (`/readyz` tells the truth, and Feishu retries what it could not deliver).
if (!(await waitUntilReady(redis, 10_000))) log.warn('redis not ready yet; listening anyway');
const server = createPublicServer(app).listen(config.port);
await once(server, 'listening');
log.info(
  {
    port: config.port,
    metricsPort: config.metricsPort,
    encrypted: config.encryptKey !== undefined,
    appIdPinned: config.appId !== undefined,
  },
  'ingress listening',
);

async function shutdown(signal: string): Promise<void> {
  log.info({ signal }, 'shutting down');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive sockets that go idle once their request is answered would hold the close open.
  const reaper = setInterval(() => server.closeIdleConnections(), 50);
  server.closeIdleConnections();
  await closed;
  clearInterval(reaper);
  ops.close();
  await queue.close();
  await redis.quit().catch(() => undefined);
  log.info('ingress stopped');
  process.exit(0);
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void shutdown(signal));
}
