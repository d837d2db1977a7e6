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

/** An on/off switch spelled `true` or `false`; anything else is a typo worth refusing to start on. */
export const Flag = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .default('false')
  .transform((value) => value === 'true');

/**
 * BullMQ's Redis key prefix; processes that should share a queue must share it. No braces: on a Redis
 * Cluster the processes wrap it in a hash tag themselves (see {@link redisSettings}), and a tag of the
 * user's own inside it would change which part Redis hashes.
 */
export const QueuePrefix = z
  .string()
  .regex(
    /^[A-Za-z0-9_.-]{1,64}$/,
    'letters, digits, _ . - only (with REDIS_CLUSTER=true the processes add the {hash tag} themselves)',
  )
  .default('bull');

/**
 * `true`: `REDIS_URL` names one node of a Redis Cluster, and the processes talk to the cluster
 * (https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/).
 */
export const RedisCluster = Flag;

/** The queue's Redis, read alike by every process that shares the queue. */
export const RedisEnv = { REDIS_URL: RedisUrl, REDIS_CLUSTER: RedisCluster, QUEUE_PREFIX: QueuePrefix };

/** The operators' port (`/metrics`, `/healthz`, `/readyz`), kept off any public one. */
export const MetricsPort = Port(9464);

/** Where the queue is, as every process reads it from {@link RedisEnv}. */
export interface RedisSettings {
  readonly redisUrl: string;
  /** `REDIS_URL` is one node of a Redis Cluster. */
  readonly redisCluster: boolean;
  /**
   * The prefix to give BullMQ. On a cluster it is `{QUEUE_PREFIX}`: a hash tag, so that every key of a
   * queue lives in one slot, as BullMQ's scripts need (https://docs.bullmq.io/patterns/redis-cluster);
   * on a single Redis it is `QUEUE_PREFIX` unchanged, so existing queues are found where they are.
   */
  readonly queuePrefix: string;
  /**
   * `QUEUE_PREFIX` as written, for the keys the processes keep beside BullMQ's. Untagged, so that on a
   * cluster they spread over the slots (those that one script reads together carry a tag of their own).
   */
  readonly keyPrefix: string;
}

/** `RedisEnv` read back, in the names code uses. */
export function redisSettings(env: {
  readonly REDIS_URL: string;
  readonly REDIS_CLUSTER: boolean;
  readonly QUEUE_PREFIX: string;
}): RedisSettings {
  return {
    redisUrl: env.REDIS_URL,
    redisCluster: env.REDIS_CLUSTER,
    queuePrefix: bullmqPrefix(env.QUEUE_PREFIX, env.REDIS_CLUSTER),
    keyPrefix: env.QUEUE_PREFIX,
  };
}

/** BullMQ's prefix for `QUEUE_PREFIX`: hash-tagged on a cluster (see {@link RedisSettings.queuePrefix}). */
export function bullmqPrefix(queuePrefix: string, cluster: boolean): string {
  return cluster ? `{${queuePrefix}}` : queuePrefix;
}
