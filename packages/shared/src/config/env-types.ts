import { z } from 'zod';
import { readsAlike } from './redis-url-login.js';

/** Building blocks for the processes' environment schemas. */

const REDIS_URL_SHAPE = /^rediss?:\/\/[^\s]+$/;

export const RedisUrl = z
  .string()
  .refine((value) => REDIS_URL_SHAPE.test(value), 'must be a redis:// or rediss:// URL')
  // Only for a Redis URL, so that a wrong one is told one thing.
  .refine(
    (value) => !REDIS_URL_SHAPE.test(value) || readsAlike(value),
    'must have its user name and password percent-encoded (@ / # ? % as %40 %2F %23 %3F %25)',
  )
  .default('redis://127.0.0.1:6379');

/**
 * A TCP port written in decimal digits, 1 to 65535. Nothing else passes: `0x10`, `1e3`, `3.5`, ` 80`
 * and `080` would each be read as some other number by a looser parse.
 */
export const Port = (fallback: number) =>
  z
    .string()
    .regex(/^[1-9][0-9]*$/, 'must be a port number: decimal digits, 1 to 65535')
    .transform(Number)
    .refine((port) => port <= 65_535, 'must be a port number: decimal digits, 1 to 65535')
    .default(fallback);

export const PositiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const LogLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');

export const Secret = z.string().min(1);

/** BullMQ's Redis key prefix; processes that should share a queue must share it. */
export const QueuePrefix = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only')
  .default('bull');

/** The queue's Redis, read alike by every process that shares the queue. */
export const RedisEnv = { REDIS_URL: RedisUrl, QUEUE_PREFIX: QueuePrefix };

/** The operators' port (`/metrics`, `/healthz`, `/readyz`), kept off any public one. */
export const MetricsPort = Port(9464);

/** `RedisEnv` read back, in the names code uses. */
export function redisSettings(env: { readonly REDIS_URL: string; readonly QUEUE_PREFIX: string }): {
  redisUrl: string;
  queuePrefix: string;
} {
  return { redisUrl: env.REDIS_URL, queuePrefix: env.QUEUE_PREFIX };
}
