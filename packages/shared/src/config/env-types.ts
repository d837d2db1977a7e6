import { z } from 'zod';

/** Building blocks for the processes' environment schemas. */

export const RedisUrl = z
  .string()
  .refine((value) => /^rediss?:\/\/[^\s]+$/.test(value), 'must be a redis:// or rediss:// URL')
  .default('redis://127.0.0.1:6379');

export const Port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);

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
