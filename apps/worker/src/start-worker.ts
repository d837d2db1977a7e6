import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FEISHU_EVENTS_QUEUE,
  closeOpsServer,
  createLogger,
  connectProcessRedis,
  createRedisReadiness,
  startOpsServer,
  type Logger,
} from '@feishu-welcome/shared';
import { Queue, Worker } from 'bullmq';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { CredentialsRefusedError } from './feishu/credentials-refused-error.js';
import { FeishuApiError } from './feishu/feishu-api-error.js';
import type { FeishuFetch } from './feishu/post-feishu.js';
import { createMessageSender } from './feishu/message-sender.js';
import { createStoreTokenSource } from './feishu/store-token-source.js';
import { createTenantTokenSource } from './feishu/tenant-token-source.js';
import { createFeishuProgress } from './feishu-progress.js';
import { loadMessageTemplate } from './message/load-message-template.js';
import type { MessageTemplate } from './message/message-template.js';
import { createEventProcessor } from './create-event-processor.js';
import { registerQueueDepth } from './register-queue-depth.js';
import { createAppTicketStore } from './redis/app-ticket-store.js';
import { createOnboardedStore } from './redis/onboarded-store.js';
import { createSendRateLimiter } from './redis/send-rate-limiter.js';
import { sendDeadlineMs } from './send-deadline-ms.js';
import type { WorkerConfig } from './worker-config.js';
import { BULLMQ_MAX_STALLED_COUNT } from './judge-crashes.js';
import { createWorkerMetrics } from './worker-metrics.js';
import { createWorkerReadiness } from './create-worker-readiness.js';
import { createJobWaker } from './job-waker.js';
import { createWorkerReplicas } from './worker-replicas.js';

/** After the grace period, how long a shutdown still waits on Redis before it lets go. */
const REDIS_GIVE_UP_MS = 5_000;

/** True when `promise` settles within `ms`; the timer does not hold the process open. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const settled = promise.then(
    () => true,
    () => true,
  );
  return await Promise.race([settled, sleep(ms, false, { ref: false })]);
}

/** What the worker takes from outside besides its configuration; every field may be left out. */
export interface WorkerDeps {
  /** @defaultValue a logger on stdout at `config.logLevel` */
  readonly log?: Logger;
  /** The welcome message. @defaultValue read from `config.onboardingMessagePath` */
  readonly message?: MessageTemplate;
  /** How Feishu is called. @defaultValue `globalThis.fetch` */
  readonly fetch?: FeishuFetch;
  /** The clock for token expiry, send deadlines and progress, in Unix ms. @defaultValue `Date.now` */
  readonly now?: () => number;
}

export interface RunningWorker {
  readonly metricsPort: number;
  /** Takes no new jobs, lets active sends finish within the grace period, then closes Redis. */
  close(): Promise<void>;
}

/**
 * The worker: BullMQ workers sending each welcome once, and its ops port. Throws
 * {@link CredentialsRefusedError} when Feishu refuses the app's credentials, before anything runs.
 */
export async function startWorker(config: WorkerConfig, deps: WorkerDeps = {}): Promise<RunningWorker> {
  const log = deps.log ?? createLogger({ name: 'worker', level: config.logLevel });
  const message = deps.message ?? loadMessageTemplate(config.onboardingMessagePath);
  const fetch = deps.fetch ?? globalThis.fetch;
  const now = deps.now ?? Date.now;
  /**
   * The keys the worker keeps beside BullMQ's, under `QUEUE_PREFIX` as written: on a cluster they are
   * not in the queue's hash tag, so that each tenant's keys may live in a slot of their own.
   */
  const keyPrefix = `${config.keyPrefix}:feishu-welcome`;

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = createWorkerMetrics(registry);

  // BullMQ workers block on Redis and must keep retrying commands across reconnects.
  const { redis, outages: redisOutages } = connectProcessRedis(config, { maxRetriesPerRequest: null }, log);
  const tickets = createAppTicketStore(redis, keyPrefix);
  const replicas =
    config.enqueueMinReplicas > 0
      ? createWorkerReplicas({
          redis,
          required: config.enqueueMinReplicas,
          keyPrefix,
          registry,
          log,
        })
      : undefined;

  const tokenOptions = {
    baseUrl: config.feishuBaseUrl,
    appId: config.appId,
    appSecret: config.appSecret,
    fetch,
    timeoutMs: config.feishuTimeoutMs,
    now,
    onFetched: () => metrics.countTokenRefresh(),
  };
  const tokens =
    config.appType === 'store'
      ? createStoreTokenSource({ ...tokenOptions, tickets, log: log.child({ module: 'tokens' }) })
      : createTenantTokenSource(tokenOptions);
  // Refused credentials are a configuration error: say so now, not on the first user's welcome. A store
  // app without its ticket yet has asked for it, and starts.
  try {
    const check = await tokens.checkAtStart();
    if (check === 'waiting-for-ticket') log.info('no app_ticket yet; asked Feishu to push it');
  } catch (error) {
    if (error instanceof FeishuApiError && error.code !== undefined) {
      redis.disconnect();
      replicas?.close();
      throw new CredentialsRefusedError(error);
    }
    log.warn({ err: error }, 'Feishu not reachable at start; will retry per job');
  }

  const sendDeadline = sendDeadlineMs(config.feishuTimeoutMs, config.appType);
  const progress = createFeishuProgress(now);
  const waker = createJobWaker();
  const processor = createEventProcessor({
    sender: createMessageSender({
      baseUrl: config.feishuBaseUrl,
      tokens,
      fetch,
      timeoutMs: config.feishuTimeoutMs,
    }),
    limiter: createSendRateLimiter(
      redis,
      { perSecond: config.sendRatePerSecond, perMinute: config.sendRatePerMinute },
      keyPrefix,
    ),
    waker,
    onboarded: createOnboardedStore(redis, keyPrefix),
    tickets,
    tokenReadiness: (tenantKey) => tokens.readiness(tenantKey),
    message,
    metrics,
    log: log.child({ module: 'processor' }),
    now,
    sendDeadlineMs: sendDeadline,
    progress,
    replicas,
  });

  const worker = new Worker(FEISHU_EVENTS_QUEUE, processor, {
    connection: redis,
    prefix: config.queuePrefix,
    concurrency: config.concurrency,
    lockDuration: config.jobLockMs,
    stalledInterval: config.jobLockMs,
    // A job whose worker died is taken over; the processor backs it off, and fails an event that keeps
    // killing workers with a reason that says so (judge-crashes.ts). BullMQ's own limit is a backstop.
    maxStalledCount: BULLMQ_MAX_STALLED_COUNT,
    // Started once the ops port is ours: a second worker on a taken METRICS_PORT exits before it
    // takes a job, instead of leaving one to stall.
    autorun: false,
  });
  worker.on('failed', (job, err) => {
    log.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, reason: err.message }, 'job attempt failed');
  });
  worker.on('error', redisOutages.errorListener('worker error'));

  const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection: redis, prefix: config.queuePrefix });
  // Without a listener BullMQ prints each error raw, AUTH's argument (the password) included.
  queue.on('error', redisOutages.errorListener('queue error'));
  registerQueueDepth(registry, queue);

  const ops = await startOpsServer({
    port: config.metricsPort,
    registry,
    log,
    isReady: createWorkerReadiness({
      isRunning: () => worker.isRunning(),
      redisAnswers: createRedisReadiness(redis, 1_000),
      progress,
      silentLimitMs: sendDeadline,
      log,
      replicasOnline: replicas?.ready,
    }),
  });
  const metricsPort = (ops.address() as AddressInfo).port;
  const running = worker.run().catch((error: unknown) => log.error({ err: error }, 'worker stopped running'));
  log.info({ concurrency: config.concurrency, metricsPort }, 'worker started');

  /**
   * Take no new jobs and let active sends finish; after the grace period, abort them and hand their
   * jobs back to the queue for another worker (https://docs.bullmq.io/guide/going-to-production).
   * Every wait on Redis is bounded: with Redis gone, BullMQ's close and QUIT never settle, and a
   * worker must still stop when told to (its jobs are then taken over as stalled).
   */
  async function shutdown(): Promise<void> {
    const closed = worker.close();
    if (!(await settlesWithin(closed, config.shutdownGraceMs))) {
      log.warn('grace period over; handing active jobs back');
      worker.cancelAllJobs('shutdown');
      if (!(await settlesWithin(closed, REDIS_GIVE_UP_MS))) {
        log.warn('redis does not answer; leaving the rest of the jobs to be taken over');
      }
    }
    waker.stop();
    await closeOpsServer(ops);
    replicas?.close();
    const quit = Promise.all([queue.close(), redis.quit(), running]).catch(() => undefined);
    if (!(await settlesWithin(quit, REDIS_GIVE_UP_MS))) redis.disconnect();
    log.info('worker stopped');
  }
  let closing: Promise<void> | undefined;
  return { metricsPort, close: () => (closing ??= shutdown()) };
}
