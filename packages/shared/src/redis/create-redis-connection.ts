import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/** One Redis, or a Redis Cluster: every process talks to either through the same ioredis commands. */
export type RedisConnection = Redis | Cluster;

/** Where the queue's Redis is, as {@link redisSettings} reads it. */
export interface RedisTarget {
  readonly redisUrl: string;
  /** `redisUrl` names one node of a Redis Cluster. */
  readonly redisCluster: boolean;
}

/** What differs between the processes' connections; the same on one Redis and on a cluster. */
export interface RedisRole {
  /**
   * How often a command is retried across reconnects before it fails; `null`, for ever, as a BullMQ
   * worker's blocking connection needs (https://docs.bullmq.io/guide/going-to-production).
   */
  readonly maxRetriesPerRequest: number | null;
  /** Whether commands wait for a connection that is down, or fail at once. @defaultValue true */
  readonly enableOfflineQueue?: boolean;
  /** Commands of one event-loop turn go out as one write (https://github.com/redis/ioredis#autopipelining). */
  readonly enableAutoPipelining?: boolean;
  /** The delay before the n-th reconnect, in ms; `null`: no more reconnecting. @defaultValue ioredis's own */
  readonly reconnectDelayMs?: (attempt: number) => number | null;
  /** How long one connection attempt may take, in ms. @defaultValue ioredis's own (10 s) */
  readonly connectTimeoutMs?: number;
}

/** The login and TLS of `url`, which a cluster gives every node it connects to. */
function nodeOptions(url: URL): Pick<RedisOptions, 'username' | 'password' | 'tls'> {
  return {
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    // An empty object takes Node's defaults, so NODE_EXTRA_CA_CERTS reaches it for a private CA.
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

function createCluster(redisUrl: string, role: RedisRole): Cluster {
  const url = new URL(redisUrl);
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && db !== '0') {
    throw new Error(`REDIS_URL names database ${db}, but a Redis Cluster has only database 0`);
  }
  const tls = url.protocol === 'rediss:';
  const options: ClusterOptions = {
    // With TLS the nodes are reached by the names they are known by, not their resolved addresses, so
    // that their certificates can be checked against those names (ioredis's README, "Special Note: Aws
    // Elasticache Clusters with TLS": https://github.com/redis/ioredis#special-note-aws-elasticache-clusters-with-tls).
    ...(tls
      ? { dnsLookup: (address: string, done: (err: null, address: string) => void) => done(null, address) }
      : {}),
    enableOfflineQueue: role.enableOfflineQueue ?? true,
    enableAutoPipelining: role.enableAutoPipelining ?? false,
    ...(role.reconnectDelayMs ? { clusterRetryStrategy: role.reconnectDelayMs } : {}),
    redisOptions: {
      ...nodeOptions(url),
      maxRetriesPerRequest: role.maxRetriesPerRequest,
      ...(role.connectTimeoutMs === undefined ? {} : { connectTimeout: role.connectTimeoutMs }),
    },
  };
  return new Cluster(
    [{ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 6379) }],
    options,
  );
}

/**
 * The connection of a process to the queue's Redis: `new Redis(url)`, or with `redisCluster` a
 * `Cluster` seeded from the one node the URL names, which learns the others from it
 * (https://github.com/redis/ioredis#cluster). The URL's user, password and `rediss://` reach every node.
 * Throws when the URL cannot name a cluster node (a database other than 0).
 */
export function createRedisConnection(target: RedisTarget, role: RedisRole): RedisConnection {
  if (target.redisCluster) return createCluster(target.redisUrl, role);
  return new Redis(target.redisUrl, {
    maxRetriesPerRequest: role.maxRetriesPerRequest,
    enableOfflineQueue: role.enableOfflineQueue ?? true,
    enableAutoPipelining: role.enableAutoPipelining ?? false,
    ...(role.reconnectDelayMs ? { retryStrategy: role.reconnectDelayMs } : {}),
    ...(role.connectTimeoutMs === undefined ? {} : { connectTimeout: role.connectTimeoutMs }),
  });
}
