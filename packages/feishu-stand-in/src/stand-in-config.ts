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
  }));
export type StandInConfig = z.output<typeof StandInConfig>;

/** Reads the stand-in server's configuration; throws `ConfigError` naming each bad key. */
export const loadStandInConfig = envLoader(StandInConfig);
