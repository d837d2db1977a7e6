import {
  LogLevel,
  MetricsPort,
  Port,
  PositiveInt,
  RedisEnv,
  Secret,
  envLoader,
  redisSettings,
} from '@feishu-welcome/shared';
import { z } from 'zod';

/** The ingress's environment, and the configuration it becomes. */
export const IngressConfig = z
  .object({
    ...RedisEnv,
    PORT: Port(3000),
    /** Prometheus `/metrics` (and `/healthz`, `/readyz`), kept off the public port. */
    METRICS_PORT: MetricsPort,
    /** The app's Verification Token; checked on every request. */
    FEISHU_VERIFICATION_TOKEN: Secret,
    /** The app's Encrypt Key; when set every request must be encrypted and signed. */
    FEISHU_ENCRYPT_KEY: Secret.optional(),
    /** When set, events for any other app are refused. */
    FEISHU_APP_ID: z.string().min(1).optional(),
    LOG_LEVEL: LogLevel,
    /** How long a request may wait on Redis before it is answered 503 (Feishu allows 3 s in all). */
    ENQUEUE_TIMEOUT_MS: PositiveInt(1_000).pipe(z.number().max(2_500)),
  })
  .refine((env) => env.METRICS_PORT !== env.PORT, {
    path: ['METRICS_PORT'],
    message: 'must differ from PORT',
  })
  .transform((env) => ({
    ...redisSettings(env),
    port: env.PORT,
    metricsPort: env.METRICS_PORT,
    verificationToken: env.FEISHU_VERIFICATION_TOKEN,
    encryptKey: env.FEISHU_ENCRYPT_KEY,
    appId: env.FEISHU_APP_ID,
    logLevel: env.LOG_LEVEL,
    enqueueTimeoutMs: env.ENQUEUE_TIMEOUT_MS,
  }));
export type IngressConfig = z.output<typeof IngressConfig>;

/** Reads the ingress's configuration; throws `ConfigError` naming each bad key. */
export const loadIngressConfig = envLoader(IngressConfig);
