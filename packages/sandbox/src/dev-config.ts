import {
  EnqueueMinReplicas,
  FeishuAppType,
  FeishuEventMode,
  LogLevel,
  parseEnv,
  Port,
  QueuePrefix,
  RedisCluster,
  RedisUrl,
  Secret,
} from '@feishu-welcome/shared';
import { z } from 'zod';
import { SANDBOX_APP } from './sandbox-app.js';

/** What `pnpm dev` reads; everything it does not set itself reaches the services unchanged. */
export const DevEnv = z
  .object({
    /** The Redis to use; unset: a private `redis-server`, never whatever answers on 6379. */
    REDIS_URL: RedisUrl.unwrap().optional(),
    QUEUE_PREFIX: QueuePrefix,
    /** `true`: REDIS_URL is one node of a Redis Cluster; ignored for the private Redis, a single one. */
    REDIS_CLUSTER: RedisCluster,
    /** How the ingress takes events in: a webhook, or Feishu's long connection (from the stand-in). */
    FEISHU_EVENT_MODE: FeishuEventMode,
    /** `store`: the stand-in plays a marketplace app (app_ticket pushed to the ingress, a token per tenant). */
    FEISHU_APP_TYPE: FeishuAppType,
    FEISHU_APP_ID: z.string().min(1).optional(),
    FEISHU_APP_SECRET: Secret.optional(),
    FEISHU_VERIFICATION_TOKEN: Secret.optional(),
    FEISHU_ENCRYPT_KEY: Secret.optional(),
    DASHBOARD_USERNAME: z.string().min(1).optional(),
    DASHBOARD_PASSWORD: Secret.optional(),
    /** The ports each service would like; a port already taken is swapped for a free one. */
    PORT: Port(3000),
    DASHBOARD_PORT: Port(3001),
    STAND_IN_PORT: Port(3100),
    METRICS_PORT: Port(9464),
    LOG_LEVEL: LogLevel,
    /** Passed through to the ingress and the worker, which read it themselves. */
    ENQUEUE_MIN_REPLICAS: EnqueueMinReplicas,
  })
  // A private redis-server has no replica: the ingress and the worker would never be ready.
  .refine((env) => env.ENQUEUE_MIN_REPLICAS === 0 || env.REDIS_URL !== undefined, {
    path: ['ENQUEUE_MIN_REPLICAS'],
    message:
      'needs REDIS_URL, a primary with that many replicas: the private redis-server pnpm dev starts has none',
  });
export type DevEnv = z.infer<typeof DevEnv>;

/** A value from the environment, or the sandbox's, remembering which (secrets of one's own are not printed). */
export interface Setting {
  readonly value: string;
  readonly fromEnv: boolean;
}

export interface DevConfig {
  /** Undefined: start a private Redis. */
  readonly redisUrl: string | undefined;
  /** REDIS_URL is one node of a Redis Cluster. */
  readonly redisCluster: boolean;
  readonly queuePrefix: string;
  readonly eventMode: DevEnv['FEISHU_EVENT_MODE'];
  readonly appType: DevEnv['FEISHU_APP_TYPE'];
  readonly appId: Setting;
  readonly appSecret: Setting;
  readonly verificationToken: Setting;
  readonly encryptKey: Setting;
  readonly dashboardUsername: Setting;
  readonly dashboardPassword: Setting;
  readonly preferredPorts: {
    readonly ingress: number;
    readonly dashboard: number;
    readonly standIn: number;
    readonly metrics: number;
  };
  readonly logLevel: DevEnv['LOG_LEVEL'];
}

const setting = (value: string | undefined, fallback: string): Setting =>
  value === undefined ? { value: fallback, fromEnv: false } : { value, fromEnv: true };

/** Reads `pnpm dev`'s configuration; throws `ConfigError` naming each bad key. */
export function loadDevConfig(env: Readonly<Record<string, string | undefined>> = process.env): DevConfig {
  const parsed = parseEnv(DevEnv, env);
  return {
    redisUrl: parsed.REDIS_URL,
    redisCluster: parsed.REDIS_CLUSTER,
    queuePrefix: parsed.QUEUE_PREFIX,
    eventMode: parsed.FEISHU_EVENT_MODE,
    appType: parsed.FEISHU_APP_TYPE,
    appId: setting(parsed.FEISHU_APP_ID, SANDBOX_APP.appId),
    appSecret: setting(parsed.FEISHU_APP_SECRET, SANDBOX_APP.appSecret),
    verificationToken: setting(parsed.FEISHU_VERIFICATION_TOKEN, SANDBOX_APP.verificationToken),
    encryptKey: setting(parsed.FEISHU_ENCRYPT_KEY, SANDBOX_APP.encryptKey),
    // A well-known login for a sandbox on one's own machine; the banner prints it, once.
    dashboardUsername: setting(parsed.DASHBOARD_USERNAME, 'admin'),
    dashboardPassword: setting(parsed.DASHBOARD_PASSWORD, 'admin'),
    preferredPorts: {
      ingress: parsed.PORT,
      dashboard: parsed.DASHBOARD_PORT,
      standIn: parsed.STAND_IN_PORT,
      metrics: parsed.METRICS_PORT,
    },
    logLevel: parsed.LOG_LEVEL,
  };
}
