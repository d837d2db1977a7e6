import { setTimeout as sleep } from 'node:timers/promises';
import {
  FEISHU_EVENTS_QUEUE,
  createLogger,
  createRedisReadiness,
  exitOnFatalError,
  loadConfigOrExit,
  loadWorkerConfig,
  logRedisOutages,
  startOpsServer,
} from '@feishu-welcome/shared';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { FeishuApiError } from './feishu/feishu-api-error.js';
import { createMessageSender } from './feishu/message-sender.js';
import { createFeishuProgress } from './feishu-progress.js';
import { createTenantTokenSource } from './feishu/tenant-token-source.js';
import { loadMessageTemplate } from './message/load-message-template.js';
import { createEventProcessor } from './process-event-job.js';
import { createWorkerReadiness } from './worker-readiness.js';
import { createAppTicketStore } from './redis/app-ticket-store.js';
import { createOnboardedStore } from './redis/onboarded-store.js';
import { createSendRateLimiter } from './redis/send-rate-limiter.js';
import { registerQueueDepth } from './queue-depth-metric.js';
import { sendDeadlineMs } from './send-deadline.js';
import { BULLMQ_MAX_STALLED_COUNT } from './worker-crashes.js';
import { createWorkerMetrics } from './worker-metrics.js';

const config = loadConfigOrExit(() => loadWorkerConfig(process.env), 'worker');
const message = loadConfigOrExit(() => loadMessageTemplate(config.onboardingMessagePath), 'worker');
const log = createLogger({ name: 'worker', level: config.logLevel });
exitOnFatalError(log, { METRICS_PORT: config.metricsPort });
/** The keys the worker keeps beside BullMQ's, under the same prefix. */
const keyPrefix = `${config.queuePrefix}:feishu-welcome`;

// BullMQ workers block on Redis and must keep retrying commands across reconnects.
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
const redisOutages = logRedisOutages(redis, log);

const registry = new Registry();
collectDefaultMetrics({ register: registry });
const metrics = createWorkerMetrics(registry);

const tokens = createTenantTokenSource({
  baseUrl: config.feishuBaseUrl,
  appId: config.appId,
  appSecret: config.appSecret,
  fetch: globalThis.fetch,
  timeoutMs: config.feishuTimeoutMs,
  now: Date.now,
  onFetched: () => metrics.countTokenRefresh(),
});

// Refused credentials are a configuration error: say so now, not on the first user's welcome.
try {
  await tokens.get();
} catch (error) {
  if (error instanceof FeishuApiError && error.code !== undefined) {
    log.fatal({ code: error.code, logId: error.logId }, 'Feishu refused FEISHU_APP_ID / FEISHU_APP_SECRET');
    process.exit(1);
  }
  log.warn({ err: error }, 'Feishu not reachable at start; will retry per job');
}

const sendDeadline = sendDeadlineMs(config.feishuTimeoutMs);
const progress = createFeishuProgress(Date.now);
const processor = createEventProcessor({
  sender: createMessageSender({
    baseUrl: config.feishuBaseUrl,
    tokens,
    fetch: globalThis.fetch,
    timeoutMs: config.feishuTimeoutMs,
  }),
  limiter: createSendRateLimiter(
    redis,
    { perSecond: config.sendRatePerSecond, perMinute: config.sendRatePerMinute },
    keyPrefix,
  ),
  onboarded: createOnboardedStore(redis, keyPrefix),
  tickets: createAppTicketStore(redis, keyPrefix),
  message,
  metrics,
  log: log.child({ module: 'processor' }),
  now: Date.now,
  sendDeadlineMs: sendDeadline,
  progress,
});

const worker = new Worker(FEISHU_EVENTS_QUEUE, processor, {
  connection: redis,
  prefix: config.queuePrefix,
  concurrency: config.concurrency,
  lockDuration: config.jobLockMs,
  stalledInterval: config.jobLockMs,
  // A job whose worker died is taken over; the processor backs it off, and fails an event that keeps
  // killing workers with a reason that says so (worker-crashes.ts). BullMQ's own limit is a backstop.
  maxStalledCount: BULLMQ_MAX_STALLED_COUNT,
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
  }),
});
log.info({ concurrency: config.concurrency, metricsPort: config.metricsPort }, 'worker started');

/**
 * SIGTERM: take no new jobs and let active sends finish; after the grace period, abort them and hand
 * their jobs back to the queue for another worker (https://docs.bullmq.io/guide/going-to-production).
 */
async function shutdown(signal: string): Promise<void> {
  log.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down');
  const closed = worker.close();
  const inTime = await Promise.race([
    closed.then(() => true),
    sleep(config.shutdownGraceMs).then(() => false),
  ]);
  if (!inTime) {
    log.warn('grace period over; handing active jobs back');
    worker.cancelAllJobs('shutdown');
    await closed;
  }
  ops.close();
  await queue.close();
  await redis.quit().catch(() => undefined);
  log.info('worker stopped');
  process.exit(0);
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void shutdown(signal));
}
