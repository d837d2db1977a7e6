import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createLogger, deriveKey, jobIdForEvent, createRedisReadiness } from '@feishu-welcome/shared';
import { TEST_APP, uniqueQueueName, type FeishuPush } from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import { Registry } from 'prom-client';
import { createBullmqEnqueue } from '../../src/bullmq-enqueue.js';
import { createApp } from '../../src/create-app.js';
import { createPublicServer } from '../../src/create-public-server.js';
import { createQueueConnection, waitUntilReady } from '../../src/create-queue-connection.js';
import { createIngressMetrics } from '../../src/ingress-metrics.js';

export interface RunningIngress {
  readonly url: string;
  readonly queue: Queue;
  readonly registry: Registry;
  post(push: FeishuPush): Promise<Response>;
  jobCount(): Promise<number>;
  hasJobFor(eventId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The ingress app in this process, on a free port, over a fresh queue in the given Redis. */
export async function startIngress(options: {
  redisUrl: string;
  encrypted: boolean;
  appId?: string;
  /** The public server's limit on slow clients; the product's default when unset. */
  requestTimeoutMs?: number;
}): Promise<RunningIngress> {
  const log = createLogger({ name: 'ingress-test', level: 'silent' });
  const redis = createQueueConnection(options.redisUrl, log);
  const queue = new Queue(uniqueQueueName(), { connection: redis });
  queue.on('error', () => undefined);
  if (!(await waitUntilReady(redis, 10_000))) throw new Error(`Redis at ${options.redisUrl} is not ready`);
  const registry = new Registry();
  const app = createApp({
    policy: {
      verificationToken: TEST_APP.verificationToken,
      crypto: options.encrypted
        ? { encryptKey: TEST_APP.encryptKey, aesKey: deriveKey(TEST_APP.encryptKey) }
        : undefined,
      appId: options.appId,
    },
    enqueue: createBullmqEnqueue(queue, redis, 1_000),
    now: Date.now,
    log,
    metrics: createIngressMetrics(registry),
    isReady: createRedisReadiness(redis, 1_000),
  });
  const server = createPublicServer(app, options.requestTimeoutMs).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    queue,
    registry,
    post: (push) => fetch(`${url}/webhook/event`, { method: 'POST', headers: push.headers, body: push.body }),
    jobCount: async () => Object.values(await queue.getJobCounts()).reduce((a, b) => a + b, 0),
    hasJobFor: async (eventId) => (await queue.getJob(jobIdForEvent(eventId))) !== undefined,
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await redis.quit().catch(() => undefined);
    },
  };
}
