import { LogLevel, Port, PositiveInt, Secret, parseEnv } from '@feishu-welcome/shared';
import { z } from 'zod';

/** A rate limit from the environment; 0 turns it off. */
const RateLimit = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

export const StandInEnv = z.object({
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
});
export type StandInEnv = z.infer<typeof StandInEnv>;

export interface StandInConfig {
  readonly host: string;
  readonly port: number;
  readonly appId: string | undefined;
  readonly appSecret: string | undefined;
  readonly ratePerSecond: number;
  readonly ratePerMinute: number;
  readonly perReceiverPerSecond: number;
  readonly tokenTtlSeconds: number;
  readonly logLevel: StandInEnv['LOG_LEVEL'];
}

/** Reads the stand-in server's configuration; throws `ConfigError` naming each bad key. */
export function loadStandInConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): StandInConfig {
  const parsed = parseEnv(StandInEnv, env);
  return {
    host: parsed.STAND_IN_HOST,
    port: parsed.STAND_IN_PORT,
    appId: parsed.FEISHU_APP_ID,
    appSecret: parsed.FEISHU_APP_SECRET,
    ratePerSecond: parsed.STAND_IN_RATE_PER_SECOND,
    ratePerMinute: parsed.STAND_IN_RATE_PER_MINUTE,
    perReceiverPerSecond: parsed.STAND_IN_RATE_PER_RECEIVER_PER_SECOND,
    tokenTtlSeconds: parsed.STAND_IN_TOKEN_TTL_S,
    logLevel: parsed.LOG_LEVEL,
  };
}
