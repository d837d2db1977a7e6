import { Cluster, Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisConnection, type RedisConnection } from './create-redis-connection.js';

/** Nothing listens on port 1: the connections made here are closed before they matter. */
const opened: RedisConnection[] = [];
const connect = (...args: Parameters<typeof createRedisConnection>) => {
  const connection = createRedisConnection(...args);
  connection.on('error', () => undefined);
  opened.push(connection);
  return connection;
};

describe('createRedisConnection', () => {
  afterEach(() => {
    for (const connection of opened.splice(0)) connection.disconnect();
  });

  it('gives every node of a cluster the URL’s login, decoded, and TLS for rediss://', async () => {
    const cluster = connect(
      { redisUrl: 'rediss://ops%40team:p%3Ass%2Fw0rd@127.0.0.1:1', redisCluster: true },
      { maxRetriesPerRequest: null, enableOfflineQueue: false, enableAutoPipelining: true },
    );
    expect(cluster).toBeInstanceOf(Cluster);
    const { options } = cluster as Cluster;
    expect(options.redisOptions).toEqual({
      username: 'ops@team',
      password: 'p:ss/w0rd',
      tls: {},
      maxRetriesPerRequest: null,
    });
    expect([options.enableOfflineQueue, options.enableAutoPipelining]).toEqual([false, true]);
    // Nodes are reached by their names, which their certificates carry, not by a looked-up address.
    const looked = new Promise((resolve) =>
      options.dnsLookup?.('redis.internal', (_, address) => resolve(address)),
    );
    await expect(looked).resolves.toBe('redis.internal');
  });

  it('sends no login and no TLS a redis:// URL without them', () => {
    const cluster = connect(
      { redisUrl: 'redis://127.0.0.1:1', redisCluster: true },
      { maxRetriesPerRequest: 1 },
    );
    expect((cluster as Cluster).options.redisOptions).toEqual({ maxRetriesPerRequest: 1 });
  });

  it('refuses a database other than 0 on a cluster, which has no other', () => {
    expect(() =>
      createRedisConnection(
        { redisUrl: 'redis://127.0.0.1:1/2', redisCluster: true },
        { maxRetriesPerRequest: 1 },
      ),
    ).toThrow('REDIS_URL names database 2, but a Redis Cluster has only database 0');
    connect({ redisUrl: 'redis://127.0.0.1:1/0', redisCluster: true }, { maxRetriesPerRequest: 1 });
  });

  it('is a single Redis client, with the role’s options, when the URL is not a cluster', () => {
    const redis = connect(
      { redisUrl: 'redis://127.0.0.1:1/3', redisCluster: false },
      { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeoutMs: 2_000 },
    );
    expect(redis).toBeInstanceOf(Redis);
    const { options } = redis as Redis;
    expect([
      options.db,
      options.maxRetriesPerRequest,
      options.enableOfflineQueue,
      options.connectTimeout,
    ]).toEqual([3, 1, false, 2_000]);
  });
});
