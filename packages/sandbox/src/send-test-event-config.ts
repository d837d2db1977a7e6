import {
  FeishuEventMode,
  parseEnv,
  QueuePrefix,
  RedisCluster,
  RedisUrl,
  Secret,
  bullmqPrefix,
} from '@feishu-welcome/shared';
import { z } from 'zod';
import { HttpBaseUrl } from './http-base-url.js';
import { DEFAULT_TEST_USER_NAME, SANDBOX_APP } from './sandbox-app.js';

export const SendTestEventEnv = z
  .object({
    /**
     * How the ingress takes events in: `webhook` (the push goes to the ingress) or `websocket` (the
     * stand-in pushes it down the ingress's long connection, as Feishu would).
     */
    FEISHU_EVENT_MODE: FeishuEventMode,
    /** Where the ingress listens; the push goes to `<INGRESS_URL>/webhook/event`. */
    INGRESS_URL: HttpBaseUrl.default('http://127.0.0.1:3000'),
    /** Must be the ingress's, or it answers 401 (webhook mode only). */
    FEISHU_VERIFICATION_TOKEN: Secret.optional(),
    /** The ingress's Encrypt Key; when set the push is encrypted and signed, exactly as Feishu does. */
    FEISHU_ENCRYPT_KEY: Secret.optional(),
    FEISHU_APP_ID: z.string().min(1).default(SANDBOX_APP.appId),
    TEST_USER_NAME: z.string().min(1).default(DEFAULT_TEST_USER_NAME),
    /** A Feishu stand-in to read the welcome back from; unset means "send and do not wait". */
    STAND_IN_URL: HttpBaseUrl.optional(),
    /**
     * The ingress's Redis, to read the test event's job from: a failed job is then reported at once,
     * with Feishu's answer. Unset: only the stand-in is watched. No default, so never some other Redis.
     */
    REDIS_URL: RedisUrl.unwrap().optional(),
    /** `true`: REDIS_URL is one node of a Redis Cluster, as the ingress is told. */
    REDIS_CLUSTER: RedisCluster,
    QUEUE_PREFIX: QueuePrefix,
  })
  .superRefine((env, ctx) => {
    if (env.FEISHU_EVENT_MODE === 'webhook' && env.FEISHU_VERIFICATION_TOKEN === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['FEISHU_VERIFICATION_TOKEN'],
        // A newcomer whose ingress takes the long connection learns here that the sender has that mode too.
        message:
          'required to sign the push (or FEISHU_EVENT_MODE=websocket, to push it through the stand-in)',
      });
    if (env.FEISHU_EVENT_MODE === 'websocket' && env.STAND_IN_URL === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['STAND_IN_URL'],
        message: 'required in websocket mode: the stand-in pushes the event down the long connection',
      });
  });
export type SendTestEventEnv = z.infer<typeof SendTestEventEnv>;

/** How the test event reaches the ingress. */
export type TestEventIntake =
  | {
      readonly mode: 'webhook';
      readonly webhookUrl: string;
      readonly verificationToken: string;
      readonly encryptKey: string | undefined;
    }
  | { readonly mode: 'websocket' };

export interface SendTestEventConfig {
  readonly intake: TestEventIntake;
  readonly appId: string;
  readonly userName: string;
  readonly standInUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly redisCluster: boolean;
  /** BullMQ's prefix: `QUEUE_PREFIX`, hash-tagged on a cluster as the services tag it. */
  readonly queuePrefix: string;
}

/** Reads the sender's configuration; throws `ConfigError` naming each bad key. */
export function loadSendTestEventConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): SendTestEventConfig {
  const parsed = parseEnv(SendTestEventEnv, env);
  const token = parsed.FEISHU_VERIFICATION_TOKEN;
  return {
    intake:
      parsed.FEISHU_EVENT_MODE === 'websocket' || token === undefined
        ? { mode: 'websocket' }
        : {
            mode: 'webhook',
            // The URL `pnpm dev` prints is the webhook's own; take that as well as the bare base.
            webhookUrl: parsed.INGRESS_URL.endsWith('/webhook/event')
              ? parsed.INGRESS_URL
              : `${parsed.INGRESS_URL}/webhook/event`,
            verificationToken: token,
            encryptKey: parsed.FEISHU_ENCRYPT_KEY,
          },
    appId: parsed.FEISHU_APP_ID,
    userName: parsed.TEST_USER_NAME,
    standInUrl: parsed.STAND_IN_URL,
    redisUrl: parsed.REDIS_URL,
    redisCluster: parsed.REDIS_CLUSTER,
    queuePrefix: bullmqPrefix(parsed.QUEUE_PREFIX, parsed.REDIS_CLUSTER),
  };
}
