import {
  EnqueueMinReplicas,
  envLoader,
  FEISHU_DOMAINS,
  FeishuAppType,
  FeishuDomain,
  FeishuEventMode,
  LogLevel,
  MetricsPort,
  Port,
  PositiveInt,
  RedisEnv,
  redisSettings,
  Secret,
} from '@feishu-welcome/shared';
import { z } from 'zod';

/** The variables each intake mode cannot do without; the other mode's are accepted and left unused. */
const REQUIRED_BY_MODE = {
  webhook: ['FEISHU_VERIFICATION_TOKEN'],
  websocket: ['FEISHU_APP_ID', 'FEISHU_APP_SECRET'],
} as const;

/** The ingress's environment, and the configuration it becomes: one shape per intake mode. */
export const IngressConfig = z
  .object({
    ...RedisEnv,
    /**
     * How Feishu's events come in: `webhook`, pushed to the request URL, or `websocket`, Feishu's long
     * connection, which the ingress opens itself (no public URL, no Verification Token, self-built apps
     * only): https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/request-url-configuration-case
     */
    FEISHU_EVENT_MODE: FeishuEventMode,
    /** `self-built` or `store`; read here only to refuse a store app on the long connection. */
    FEISHU_APP_TYPE: FeishuAppType,
    /** The webhook's port (webhook mode only). */
    PORT: Port(3000),
    /** Prometheus `/metrics` (and `/healthz`, `/readyz`), kept off the public port. */
    METRICS_PORT: MetricsPort,
    /** The app's Verification Token; checked on every request (webhook mode). */
    FEISHU_VERIFICATION_TOKEN: Secret.optional(),
    /** The app's Encrypt Key; when set every request must be encrypted and signed (webhook mode). */
    FEISHU_ENCRYPT_KEY: Secret.optional(),
    /** Events for any other app are refused. Optional for the webhook, required for the long connection. */
    FEISHU_APP_ID: z.string().min(1).optional(),
    /** The app's secret, which opens the long connection (websocket mode). */
    FEISHU_APP_SECRET: Secret.optional(),
    /** Where the long connection's endpoint is asked for (websocket mode); the worker reads it alike. */
    FEISHU_DOMAIN: FeishuDomain.default(FEISHU_DOMAINS.feishu),
    LOG_LEVEL: LogLevel,
    /** How long an event may wait on Redis before it is answered as not stored (Feishu allows 3 s). */
    ENQUEUE_TIMEOUT_MS: PositiveInt(1_000).pipe(z.number().max(2_500)),
    /** An event is acknowledged only once this many replicas hold its job. */
    ENQUEUE_MIN_REPLICAS: EnqueueMinReplicas,
  })
  // Runs even when other keys are bad, so that one start names every missing key at once.
  .superRefine(
    (env, ctx) => {
      const mode = env.FEISHU_EVENT_MODE;
      if (mode !== 'webhook' && mode !== 'websocket') return;
      for (const key of REQUIRED_BY_MODE[mode]) {
        if (env[key] === undefined) {
          ctx.addIssue({ code: 'custom', path: [key], message: `required (FEISHU_EVENT_MODE=${mode})` });
        }
      }
    },
    { when: () => true },
  )
  // Feishu offers the long connection to self-built apps only; a store app must use the request URL.
  .refine((env) => !(env.FEISHU_APP_TYPE === 'store' && env.FEISHU_EVENT_MODE === 'websocket'), {
    path: ['FEISHU_APP_TYPE'],
    message:
      'store apps cannot use the long connection (Feishu offers it to self-built apps only): set FEISHU_EVENT_MODE=webhook',
  })
  .refine((env) => env.FEISHU_EVENT_MODE === 'websocket' || env.METRICS_PORT !== env.PORT, {
    path: ['METRICS_PORT'],
    message: 'must differ from PORT',
  })
  .transform((env) => {
    const common = {
      ...redisSettings(env),
      metricsPort: env.METRICS_PORT,
      logLevel: env.LOG_LEVEL,
      enqueueTimeoutMs: env.ENQUEUE_TIMEOUT_MS,
      enqueueMinReplicas: env.ENQUEUE_MIN_REPLICAS,
    };
    // The checks above make every `?? ''` unreachable; they only tell the compiler so.
    if (env.FEISHU_EVENT_MODE === 'websocket') {
      return {
        mode: 'websocket' as const,
        ...common,
        appId: env.FEISHU_APP_ID ?? '',
        appSecret: env.FEISHU_APP_SECRET ?? '',
        feishuBaseUrl: env.FEISHU_DOMAIN,
      };
    }
    return {
      mode: 'webhook' as const,
      ...common,
      port: env.PORT,
      verificationToken: env.FEISHU_VERIFICATION_TOKEN ?? '',
      encryptKey: env.FEISHU_ENCRYPT_KEY,
      appId: env.FEISHU_APP_ID,
    };
  });
export type IngressConfig = z.output<typeof IngressConfig>;
export type WebhookIngressConfig = Extract<IngressConfig, { mode: 'webhook' }>;
export type WebsocketIngressConfig = Extract<IngressConfig, { mode: 'websocket' }>;

/** Reads the ingress's configuration; throws `ConfigError` naming each bad key. */
export const loadIngressConfig = envLoader(IngressConfig);
