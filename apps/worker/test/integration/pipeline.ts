import { randomUUID } from 'node:crypto';
import {
  FEISHU_EVENTS_QUEUE,
  createLogger,
  createRedisConnection,
  jobIdForEvent,
  redisSettings,
} from '@feishu-welcome/shared';
import {
  startFeishuStandIn,
  type FeishuStandInOptions,
  type RunningFeishuStandIn,
} from '@feishu-welcome/feishu-stand-in';
import {
  TEST_APP,
  encryptedPush,
  freePort,
  spawnService,
  waitFor,
  type SpawnedService,
} from '@feishu-welcome/testing';
import { Queue, type Job } from 'bullmq';
import type { LevelWithSilent } from 'pino';
import { startIngress } from '../../../ingress/src/start-ingress.js';

/** The chat a `p2pChatCreate` fixture's welcome goes to, and its Feishu event id. */
export const chatOf = (event: Record<string, unknown>) => (event['event'] as { chat_id: string }).chat_id;
export const idOf = (event: Record<string, unknown>) => String(event['uuid']);

export interface Pipeline {
  readonly standIn: RunningFeishuStandIn;
  readonly queue: Queue;
  /** The ingress's webhook, where Feishu (and the store-app stand-in) pushes events. */
  readonly webhookUrl: string;
  readonly workers: SpawnedService[];
  /** `http://127.0.0.1:<METRICS_PORT>` of each worker, in start order. */
  readonly workerOps: string[];
  /** Pushes `payload` to the ingress as Feishu would (encrypted, signed); resolves the status. */
  deliver(payload: Record<string, unknown>): Promise<number>;
  /** Everything the ingress and the worker processes have logged so far. */
  logs(): string;
  /** Starts one more worker process; waits until it is ready unless `ready` is false. */
  startWorker(extraEnv?: Record<string, string>, options?: { ready?: boolean }): Promise<SpawnedService>;
  /** The job for a Feishu event id. */
  job(eventId: string): Promise<Job | undefined>;
  /** Waits until every job has left the wait, active and delayed lists. */
  settled(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Waits until every job of `queue` has left the wait, active and delayed lists. */
export async function queueSettled(queue: Queue, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    'the queue to settle',
    async () => {
      const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    },
    { timeoutMs, intervalMs: 100 },
  );
}

/**
 * The product as it runs: the ingress (in this process) and `workers` worker processes over real
 * Redis, sending to an in-process Feishu stand-in. Workers are processes so that tests can kill them.
 * Everything sits under a fresh queue prefix, so pipelines never meet. With `redisCluster`, `redisUrl`
 * is one node of a Redis Cluster and every process, and the test's own queue, use cluster mode.
 */
export async function startPipeline(options: {
  redisUrl: string;
  redisCluster?: boolean;
  workers: number;
  standIn?: FeishuStandInOptions;
  workerEnv?: Record<string, string>;
  logLevel?: LevelWithSilent;
  /** The ingress's ENQUEUE_MIN_REPLICAS; 0 when unset. */
  ingressMinReplicas?: number;
}): Promise<Pipeline> {
  const prefix = `test-${randomUUID()}`;
  const cluster = options.redisCluster ?? false;
  const settings = redisSettings({
    REDIS_URL: options.redisUrl,
    REDIS_CLUSTER: cluster,
    QUEUE_PREFIX: prefix,
  });
  const connection = createRedisConnection(settings, { maxRetriesPerRequest: null });
  const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection, prefix: settings.queuePrefix });
  queue.on('error', () => undefined);
  const logLevel = options.logLevel ?? 'info';
  const common = {
    REDIS_URL: options.redisUrl,
    REDIS_CLUSTER: String(cluster),
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: logLevel,
  };
  let ingressLog = '';
  const ingress = await startIngress(
    {
      mode: 'webhook',
      ...settings,
      port: 0,
      metricsPort: 0,
      verificationToken: TEST_APP.verificationToken,
      encryptKey: TEST_APP.encryptKey,
      appId: TEST_APP.appId,
      logLevel,
      enqueueTimeoutMs: 1_000,
      enqueueMinReplicas: options.ingressMinReplicas ?? 0,
    },
    {
      log: createLogger({
        name: 'ingress',
        level: logLevel,
        destination: { write: (line: string) => void (ingressLog += line) },
      }),
    },
  );
  // A store app's stand-in pushes its app_ticket to the ingress, as Feishu does, unless told elsewhere.
  const standIn = await startFeishuStandIn({
    appId: TEST_APP.appId,
    appSecret: TEST_APP.appSecret,
    ...options.standIn,
    storeApp: {
      ticketWebhookUrl: `${ingress.url}/webhook/event`,
      verificationToken: TEST_APP.verificationToken,
      encryptKey: TEST_APP.encryptKey,
      ...options.standIn?.storeApp,
    },
  });
  const workers: SpawnedService[] = [];
  const workerOps: string[] = [];

  async function startWorker(
    extraEnv: Record<string, string> = {},
    { ready = true }: { ready?: boolean } = {},
  ): Promise<SpawnedService> {
    const metricsPort = await freePort();
    const worker = spawnService('apps/worker/dist/main.js', {
      ...common,
      FEISHU_APP_ID: TEST_APP.appId,
      FEISHU_APP_SECRET: TEST_APP.appSecret,
      FEISHU_DOMAIN: standIn.url,
      METRICS_PORT: String(metricsPort),
      ...options.workerEnv,
      ...extraEnv,
    });
    workers.push(worker);
    workerOps.push(`http://127.0.0.1:${metricsPort}`);
    if (!ready) return worker;
    await waitFor(
      'a worker to be ready',
      async () => (await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).ok,
      {
        timeoutMs: 20_000,
      },
    );
    return worker;
  }

  for (let i = 0; i < options.workers; i++) await startWorker();

  return {
    standIn,
    queue,
    webhookUrl: `${ingress.url}/webhook/event`,
    workers,
    workerOps,
    startWorker,
    logs: () => [ingressLog, ...workers.map((service) => service.output())].join('\n'),
    async deliver(payload) {
      const push = encryptedPush(payload);
      const res = await fetch(`${ingress.url}/webhook/event`, {
        method: 'POST',
        headers: push.headers,
        body: push.body,
      });
      return res.status;
    },
    job: async (eventId) => await queue.getJob(jobIdForEvent(eventId)),
    settled: (timeoutMs) => queueSettled(queue, timeoutMs),
    async close() {
      await Promise.all(workers.map((service) => service.kill('SIGKILL')));
      await ingress.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      // A connection given to BullMQ is the caller's to close.
      await connection.quit().catch(() => undefined);
      await standIn.close();
    },
  };
}
