import { envLoader, FeishuAppType, LogLevel, Port, PositiveInt, Secret } from '@feishu-welcome/shared';
import { z } from 'zod';
import { FEISHU_REPUSH_DELAYS_MS } from './long-connection/long-connection-options.js';

/** A rate limit from the environment; 0 turns it off. */
const RateLimit = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

/** Decimal digits only: `1e3`, `0x10`, ` 5` and `3.5` are refused rather than read as some other number. */
const WHOLE_NUMBER = /^(0|[1-9][0-9]*)$/;

/** A whole number of seconds or ms from the environment, at least `min`. */
const Whole = (fallback: number, min: number) =>
  z
    .string()
    .regex(WHOLE_NUMBER, 'must be a whole number in decimal digits')
    .transform(Number)
    .refine((n) => Number.isSafeInteger(n) && n >= min, `must be at least ${min}`)
    .default(fallback);

/** Re-push delays in ms, comma-separated: `15000,300000`. */
const Delays = z
  .string()
  .regex(/^(0|[1-9][0-9]*)(,(0|[1-9][0-9]*))*$/, 'must be whole numbers of ms separated by commas')
  .transform((list) => list.split(',').map(Number))
  .refine((delays) => delays.every(Number.isSafeInteger), 'each delay must be a safe integer')
  .default([...FEISHU_REPUSH_DELAYS_MS]);

/** The stand-in server's environment, and the configuration it becomes. */
export const StandInConfig = z
  .object({
    STAND_IN_PORT: Port(3100),
    /** 0.0.0.0 by default so that it is reachable from other containers. */
    STAND_IN_HOST: z.string().min(1).default('0.0.0.0'),
    /** When set, only this app id gets a token. */
    FEISHU_APP_ID: z.string().min(1).optional(),
    /** When set, only this secret gets a token. */
    FEISHU_APP_SECRET: Secret.optional(),
    STAND_IN_RATE_PER_SECOND: RateLimit(50),
    STAND_IN_RATE_PER_MINUTE: RateLimit(1_000),
    STAND_IN_RATE_PER_RECEIVER_PER_SECOND: RateLimit(5),
    STAND_IN_TOKEN_TTL_S: PositiveInt(7_200),
    STAND_IN_WS_PING_INTERVAL_S: Whole(120, 1),
    STAND_IN_WS_RECONNECT_INTERVAL_S: Whole(120, 1),
    STAND_IN_WS_RECONNECT_NONCE_S: Whole(30, 0),
    STAND_IN_WS_ACK_TIMEOUT_MS: Whole(3_000, 1),
    STAND_IN_WS_REPUSH_DELAYS_MS: Delays,
    LOG_LEVEL: LogLevel,
    /** `self-built` or `store` (a marketplace app: app_ticket, a token per tenant). */
    STAND_IN_APP_TYPE: FeishuAppType,
    /** Store mode: where the app_ticket is pushed (the ingress's event URL). */
    STAND_IN_TICKET_WEBHOOK_URL: z.url().optional(),
    /** Store mode: the `token` of each push, as the ingress checks it. */
    FEISHU_VERIFICATION_TOKEN: Secret.optional(),
    /** Store mode: pushes are encrypted and signed with it when set. */
    FEISHU_ENCRYPT_KEY: Secret.optional(),
  })
  .transform((env) => ({
    host: env.STAND_IN_HOST,
    port: env.STAND_IN_PORT,
    appId: env.FEISHU_APP_ID,
    appSecret: env.FEISHU_APP_SECRET,
    ratePerSecond: env.STAND_IN_RATE_PER_SECOND,
    ratePerMinute: env.STAND_IN_RATE_PER_MINUTE,
    perReceiverPerSecond: env.STAND_IN_RATE_PER_RECEIVER_PER_SECOND,
    tokenTtlSeconds: env.STAND_IN_TOKEN_TTL_S,
    longConnection: {
      pingIntervalSeconds: env.STAND_IN_WS_PING_INTERVAL_S,
      reconnectIntervalSeconds: env.STAND_IN_WS_RECONNECT_INTERVAL_S,
      reconnectNonceSeconds: env.STAND_IN_WS_RECONNECT_NONCE_S,
      ackTimeoutMs: env.STAND_IN_WS_ACK_TIMEOUT_MS,
      repushDelaysMs: env.STAND_IN_WS_REPUSH_DELAYS_MS,
    },
    logLevel: env.LOG_LEVEL,
    appType: env.STAND_IN_APP_TYPE,
    storeApp: {
      ticketWebhookUrl: env.STAND_IN_TICKET_WEBHOOK_URL,
      verificationToken: env.FEISHU_VERIFICATION_TOKEN,
      encryptKey: env.FEISHU_ENCRYPT_KEY,
    },
  }));
export type StandInConfig = z.output<typeof StandInConfig>;

/** Reads the stand-in server's configuration; throws `ConfigError` naming each bad key. */
export const loadStandInConfig = envLoader(StandInConfig);
