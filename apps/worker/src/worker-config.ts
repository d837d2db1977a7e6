import {
  EnqueueMinReplicas,
  envLoader,
  FEISHU_DOMAINS,
  FeishuAppType,
  FeishuDomain,
  LogLevel,
  MetricsPort,
  PositiveInt,
  RedisEnv,
  redisSettings,
  Secret,
} from '@feishu-welcome/shared';
import { z } from 'zod';

/** The worker's environment, and the configuration it becomes. */
export const WorkerConfig = z
  .object({
    ...RedisEnv,
    FEISHU_APP_ID: z.string().min(1),
    FEISHU_APP_SECRET: Secret,
    FEISHU_DOMAIN: FeishuDomain.default(FEISHU_DOMAINS.feishu),
    /**
     * `self-built`: one tenant, its token from the app id and secret. `store`: a marketplace app, a
     * token per tenant from the `app_ticket` Feishu pushes to the webhook.
     */
    FEISHU_APP_TYPE: FeishuAppType,
    /**
     * Feishu's IM limits: 50 requests/s and 1000/min per app per tenant
     * (https://open.feishu.cn/document/server-docs/im-v1/message/create).
     */
    SEND_RATE_PER_SECOND: PositiveInt(50),
    SEND_RATE_PER_MINUTE: PositiveInt(1000),
    WORKER_CONCURRENCY: PositiveInt(16).pipe(z.number().max(1000)),
    /** Path to a JSON message file; unset means the built-in greeting. */
    ONBOARDING_MESSAGE: z.string().min(1).optional(),
    /** Every Feishu call gives up after this long and counts as a transient failure. */
    FEISHU_TIMEOUT_MS: PositiveInt(10_000),
    /** How long SIGTERM lets active sends finish before handing their jobs back. */
    SHUTDOWN_GRACE_MS: PositiveInt(20_000),
    /** BullMQ job lock: a crashed worker's job is taken over after about this long. */
    JOB_LOCK_MS: PositiveInt(30_000).pipe(z.number().min(1_000)),
    METRICS_PORT: MetricsPort,
    LOG_LEVEL: LogLevel,
    /**
     * A job that welcomed a user completes only once this many replicas hold the welcome record, so
     * that a failover cannot forget the welcome and send it again (an app_ticket's job, the ticket it
     * saved, so that a failover cannot lose it); read like the ingress's.
     */
    ENQUEUE_MIN_REPLICAS: EnqueueMinReplicas,
  })
  .transform((env) => ({
    ...redisSettings(env),
    appId: env.FEISHU_APP_ID,
    appSecret: env.FEISHU_APP_SECRET,
    feishuBaseUrl: env.FEISHU_DOMAIN,
    appType: env.FEISHU_APP_TYPE,
    sendRatePerSecond: env.SEND_RATE_PER_SECOND,
    sendRatePerMinute: env.SEND_RATE_PER_MINUTE,
    concurrency: env.WORKER_CONCURRENCY,
    onboardingMessagePath: env.ONBOARDING_MESSAGE,
    feishuTimeoutMs: env.FEISHU_TIMEOUT_MS,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    jobLockMs: env.JOB_LOCK_MS,
    metricsPort: env.METRICS_PORT,
    logLevel: env.LOG_LEVEL,
    enqueueMinReplicas: env.ENQUEUE_MIN_REPLICAS,
  }));
export type WorkerConfig = z.output<typeof WorkerConfig>;

/** Reads the worker's configuration; throws `ConfigError` naming each bad key. */
export const loadWorkerConfig = envLoader(WorkerConfig);
