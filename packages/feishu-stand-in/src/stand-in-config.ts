import { LogLevel, Port, PositiveInt, Secret, envLoader } from '@feishu-welcome/shared';
import { z } from 'zod';

/** A rate limit from the environment; 0 turns it off. */
const RateLimit = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

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
    LOG_LEVEL: LogLevel,
    /** `self-built` or `store` (a marketplace app: app_ticket, a token per tenant). */
    STAND_IN_APP_TYPE: z.enum(['self-built', 'store']).default('self-built'),
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
