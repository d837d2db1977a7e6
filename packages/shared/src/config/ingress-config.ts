import { z } from 'zod';
import { LogLevel, Port, PositiveInt, QueuePrefix, RedisUrl, Secret } from './env-types.js';
import { parseEnv } from './parse-env.js';

export const IngressEnv = z
  .object({
    REDIS_URL: RedisUrl,
    QUEUE_PREFIX: QueuePrefix,
    PORT: Port(3000),
    /** Prometheus `/metrics` (and `/healthz`, `/readyz`), kept off the public port. */
    METRICS_PORT: Port(9464),
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
  });
export type IngressEnv = z.infer<typeof IngressEnv>;

export interface IngressConfig {
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly port: number;
  readonly metricsPort: number;
  readonly verificationToken: string;
  readonly encryptKey: string | undefined;
  readonly appId: string | undefined;
  readonly logLevel: IngressEnv['LOG_LEVEL'];
  readonly enqueueTimeoutMs: number;
}

/** Reads the ingress's configuration; throws `ConfigError` naming each bad key. */
export function loadIngressConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): IngressConfig {
  const parsed = parseEnv(IngressEnv, env);
  return {
    redisUrl: parsed.REDIS_URL,
    queuePrefix: parsed.QUEUE_PREFIX,
    port: parsed.PORT,
    metricsPort: parsed.METRICS_PORT,
    verificationToken: parsed.FEISHU_VERIFICATION_TOKEN,
    encryptKey: parsed.FEISHU_ENCRYPT_KEY,
    appId: parsed.FEISHU_APP_ID,
    logLevel: parsed.LOG_LEVEL,
    enqueueTimeoutMs: parsed.ENQUEUE_TIMEOUT_MS,
  };
}
