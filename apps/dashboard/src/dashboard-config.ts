import { LogLevel, Port, QueuePrefix, RedisUrl, Secret, parseEnv } from '@feishu-welcome/shared';
import { z } from 'zod';
import type { BasicCredentials } from './basic-auth.js';

/** An on/off switch spelled `true` or `false`; anything else is a typo worth refusing to start on. */
const Flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((value) => value === 'true');

export const DashboardEnv = z.object({
  REDIS_URL: RedisUrl,
  QUEUE_PREFIX: QueuePrefix,
  /** Its own port: the dashboard must never share the public webhook port. */
  DASHBOARD_PORT: Port(3001),
  /** Basic auth has no user-id with a colon in it (RFC 7617 §2), so such a name could never log in. */
  DASHBOARD_USERNAME: z
    .string()
    .min(1)
    .refine((value) => !value.includes(':'), 'must not contain ":"'),
  DASHBOARD_PASSWORD: Secret,
  /** When true, retry, clean, promote, remove and every other write are refused. */
  DASHBOARD_READ_ONLY: Flag,
  LOG_LEVEL: LogLevel,
});
export type DashboardEnv = z.infer<typeof DashboardEnv>;

export interface DashboardConfig {
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly port: number;
  readonly auth: BasicCredentials;
  readonly readOnly: boolean;
  readonly logLevel: DashboardEnv['LOG_LEVEL'];
}

/**
 * Reads the dashboard's configuration; throws `ConfigError` naming each bad key. There is no default
 * login: without `DASHBOARD_USERNAME` and `DASHBOARD_PASSWORD` the dashboard does not start.
 */
export function loadDashboardConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): DashboardConfig {
  const parsed = parseEnv(DashboardEnv, env);
  return {
    redisUrl: parsed.REDIS_URL,
    queuePrefix: parsed.QUEUE_PREFIX,
    port: parsed.DASHBOARD_PORT,
    auth: { username: parsed.DASHBOARD_USERNAME, password: parsed.DASHBOARD_PASSWORD },
    readOnly: parsed.DASHBOARD_READ_ONLY,
    logLevel: parsed.LOG_LEVEL,
  };
}
