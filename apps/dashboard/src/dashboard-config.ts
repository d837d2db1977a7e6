import { Flag, LogLevel, Port, RedisEnv, Secret, envLoader, redisSettings } from '@feishu-welcome/shared';
import { z } from 'zod';

/** The dashboard's environment, and the configuration it becomes. */
export const DashboardConfig = z
  .object({
    ...RedisEnv,
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
  })
  .transform((env) => ({
    ...redisSettings(env),
    port: env.DASHBOARD_PORT,
    auth: { username: env.DASHBOARD_USERNAME, password: env.DASHBOARD_PASSWORD },
    readOnly: env.DASHBOARD_READ_ONLY,
    logLevel: env.LOG_LEVEL,
  }));
export type DashboardConfig = z.output<typeof DashboardConfig>;

/**
 * Reads the dashboard's configuration; throws `ConfigError` naming each bad key. There is no default
 * login: without `DASHBOARD_USERNAME` and `DASHBOARD_PASSWORD` the dashboard does not start.
 */
export const loadDashboardConfig = envLoader(DashboardConfig);
