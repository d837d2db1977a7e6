import { z } from 'zod';
import { LogLevel, Port, PositiveInt, QueuePrefix, RedisUrl, Secret } from './env-types.js';
import { parseEnv } from './parse-env.js';

/** Feishu and Lark serve identical paths from these bases (PROTOCOL.md §10). */
export const FEISHU_DOMAINS = {
  feishu: 'https://open.feishu.cn',
  lark: 'https://open.larksuite.com',
} as const;

const FeishuDomain = z
  .string()
  .default('feishu')
  .transform((value, ctx) => {
    if (value === 'feishu' || value === 'lark') return FEISHU_DOMAINS[value];
    if (/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(value)) return value.replace(/\/+$/, '');
    ctx.addIssue({ code: 'custom', message: 'must be feishu, lark or an http(s) base URL' });
    return z.NEVER;
  });

export const WorkerEnv = z.object({
  REDIS_URL: RedisUrl,
  QUEUE_PREFIX: QueuePrefix,
  FEISHU_APP_ID: z.string().min(1),
  FEISHU_APP_SECRET: Secret,
  FEISHU_DOMAIN: FeishuDomain,
  /** Feishu's IM limits: 50 requests/s and 1000/min per app per tenant (PROTOCOL.md §8). */
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
  METRICS_PORT: Port(9464),
  LOG_LEVEL: LogLevel,
});
export type WorkerEnv = z.infer<typeof WorkerEnv>;

export interface WorkerConfig {
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly feishuBaseUrl: string;
  readonly sendRatePerSecond: number;
  readonly sendRatePerMinute: number;
  readonly concurrency: number;
  readonly onboardingMessagePath: string | undefined;
  readonly feishuTimeoutMs: number;
  readonly shutdownGraceMs: number;
  readonly jobLockMs: number;
  readonly metricsPort: number;
  readonly logLevel: WorkerEnv['LOG_LEVEL'];
}

/** Reads the worker's configuration; throws `ConfigError` naming each bad key. */
export function loadWorkerConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): WorkerConfig {
  const parsed = parseEnv(WorkerEnv, env);
  return {
    redisUrl: parsed.REDIS_URL,
    queuePrefix: parsed.QUEUE_PREFIX,
    appId: parsed.FEISHU_APP_ID,
    appSecret: parsed.FEISHU_APP_SECRET,
    feishuBaseUrl: parsed.FEISHU_DOMAIN,
    sendRatePerSecond: parsed.SEND_RATE_PER_SECOND,
    sendRatePerMinute: parsed.SEND_RATE_PER_MINUTE,
    concurrency: parsed.WORKER_CONCURRENCY,
    onboardingMessagePath: parsed.ONBOARDING_MESSAGE,
    feishuTimeoutMs: parsed.FEISHU_TIMEOUT_MS,
    shutdownGraceMs: parsed.SHUTDOWN_GRACE_MS,
    jobLockMs: parsed.JOB_LOCK_MS,
    metricsPort: parsed.METRICS_PORT,
    logLevel: parsed.LOG_LEVEL,
  };
}
