import { FEISHU_EVENTS_QUEUE, createLogger, jobIdForEvent, redisSettings } from '@feishu-welcome/shared';
import { TEST_APP, uniqueQueueName, type FeishuPush } from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import type { Registry } from 'prom-client';
import { startIngress as startTheIngress } from '../../src/start-ingress.js';

export interface RunningIngress {
  readonly url: string;
  /** The ops port's base URL (`/readyz`, `/metrics`). */
  readonly opsUrl: string;
  /** The ingress's queue, read through a connection of the test's own. */
  readonly queue: Queue;
  readonly registry: Registry;
  post(push: FeishuPush): Promise<Response>;
  jobCount(): Promise<number>;
  hasJobFor(eventId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The ingress in this process, on free ports, under a fresh queue prefix in the given Redis. */
export async function startIngress(options: {
  redisUrl: string;
  encrypted: boolean;
  appId?: string;
  /** The public server's limit on slow clients; the product's default when unset. */
  requestTimeoutMs?: number;
  /** Another ingress's, to share its queue; a fresh one when unset. */
  queuePrefix?: string;
  /** ENQUEUE_MIN_REPLICAS; 0 when unset. */
  enqueueMinReplicas?: number;
}): Promise<RunningIngress> {
  const queuePrefix = options.queuePrefix ?? uniqueQueueName();
  const ingress = await startTheIngress(
    {
      mode: 'webhook',
      ...redisSettings({ REDIS_URL: options.redisUrl, REDIS_CLUSTER: false, QUEUE_PREFIX: queuePrefix }),
      port: 0,
      metricsPort: 0,
      verificationToken: TEST_APP.verificationToken,
      encryptKey: options.encrypted ? TEST_APP.encryptKey : undefined,
      appId: options.appId,
      logLevel: 'silent',
      enqueueTimeoutMs: 1_000,
      enqueueMinReplicas: options.enqueueMinReplicas ?? 0,
    },
    {
      log: createLogger({ name: 'ingress-test', level: 'silent' }),
      requestTimeoutMs: options.requestTimeoutMs,
    },
  );
  const queue = new Queue(FEISHU_EVENTS_QUEUE, {
    connection: { url: options.redisUrl },
    prefix: queuePrefix,
  });
  queue.on('error', () => undefined);
  const { url } = ingress;
  return {
    url,
    opsUrl: `http://127.0.0.1:${ingress.metricsPort}`,
    queue,
    registry: ingress.registry,
    post: (push) => fetch(`${url}/webhook/event`, { method: 'POST', headers: push.headers, body: push.body }),
    jobCount: async () => Object.values(await queue.getJobCounts()).reduce((a, b) => a + b, 0),
    hasJobFor: async (eventId) => (await queue.getJob(jobIdForEvent(eventId))) !== undefined,
    async close() {
      await ingress.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    },
  };
}
