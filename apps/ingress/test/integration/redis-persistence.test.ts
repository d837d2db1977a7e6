import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type Logger, type RedisConnection, waitUntilReady } from '@feishu-welcome/shared';
import { hasRedisServerBinary, startPrivateRedisServer, startRedisCluster } from '@feishu-welcome/testing';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createQueueConnection } from '../../src/create-queue-connection.js';
import { watchRedisPersistence } from '../../src/watch-redis-persistence.js';

/** Runs `check` against a redis-server of its own, started with `args`, in a scratch directory. */
async function withRedisServer<T>(args: readonly string[], check: (url: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ingress-persistence-'));
  const server = await startPrivateRedisServer({ extraArgs: ['--dir', dir, ...args] });
  try {
    return await check(server.url);
  } finally {
    await server.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A logger that records what it is asked to log at info and warn. */
function capturingLog(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const base = createLogger({ name: 'test', level: 'silent' });
  const log = new Proxy(base, {
    get: (target, key, receiver) =>
      key === 'info' || key === 'warn'
        ? (fields: Record<string, unknown>, msg: string) => lines.push({ level: key, ...fields, msg })
        : (Reflect.get(target, key, receiver) as unknown),
  });
  return { log, lines };
}

/**
 * Starts the watch against the server, runs `meanwhile` (with the connection and the metrics), and
 * collects what the watch logged and what the gauge reads.
 */
async function watch(
  url: string,
  meanwhile: (redis: RedisConnection, registry: Registry) => Promise<void> = async () => {},
  redisCluster = false,
): Promise<{ lines: Record<string, unknown>[]; metrics: string }> {
  const { log, lines } = capturingLog();
  const redis = createQueueConnection({ redisUrl: url, redisCluster }, log);
  try {
    await waitUntilReady(redis, 10_000);
    const registry = new Registry();
    await watchRedisPersistence({ redis, registry, log });
    await meanwhile(redis, registry);
    return { lines, metrics: await registry.metrics() };
  } finally {
    await redis.quit();
  }
}

const gauge = (state: string, value: number) =>
  `feishu_ingress_redis_persistence{state="${state}"} ${value}\n`;

// These start redis-servers of their own, with and without persistence.
describe.skipIf(!hasRedisServerBinary())('what the ingress finds out about Redis persistence', () => {
  it('warns once and shows state none for a Redis that keeps nothing on disk', async () => {
    const { lines, metrics } = await withRedisServer([], watch);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        persistence: 'none',
        msg: expect.stringMatching(/appendonly yes/) as unknown,
      }),
    ]);
    expect(metrics).toContain(gauge('none', 1));
    for (const other of ['aof', 'rdb', 'unknown']) expect(metrics).toContain(gauge(other, 0));
  });

  it('does not warn about a Redis with an append-only file', async () => {
    const { lines, metrics } = await withRedisServer(['--appendonly', 'yes'], watch);
    expect(lines).toEqual([expect.objectContaining({ level: 'info', persistence: 'aof' })]);
    expect(metrics).toContain(gauge('aof', 1));
    expect(metrics).toContain(gauge('none', 0));
  });

  it('warns about a Redis that keeps only snapshots', async () => {
    const { lines, metrics } = await withRedisServer(['--save', '3600 1'], watch);
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', persistence: 'rdb' })]);
    expect(metrics).toContain(gauge('rdb', 1));
  });

  it('reads INFO when CONFIG is disabled, as managed Redis often does', async () => {
    const noConfig = ['--rename-command', 'CONFIG', ''];
    await withRedisServer([...noConfig, '--appendonly', 'yes'], async (url) => {
      expect((await watch(url)).metrics).toContain(gauge('aof', 1));
    });
    await withRedisServer(noConfig, async (url) => {
      const { lines, metrics } = await watch(url);
      expect(lines).toEqual([expect.objectContaining({ level: 'warn', persistence: 'unknown' })]);
      expect(metrics).toContain(gauge('unknown', 1));
    });
  });

  it('checks again when the connection comes back, and logs only a change', async () => {
    const reconnect = async (redis: RedisConnection) => {
      const ready = new Promise((resolve) => redis.once('ready', resolve));
      redis.disconnect(true);
      await ready;
    };
    const { lines, metrics } = await withRedisServer([], async (url) =>
      watch(url, async (redis, registry) => {
        await reconnect(redis);
        await redis.call('CONFIG', 'SET', 'appendonly', 'yes');
        await reconnect(redis);
        await expect.poll(async () => await registry.metrics()).toContain(gauge('aof', 1));
      }),
    );
    expect(lines.map((line) => line['persistence'])).toEqual(['none', 'aof']);
    expect(metrics).toContain(gauge('none', 0));
  });

  it('asks every master of a Redis Cluster, and reports the least safe', async () => {
    const cluster = await startRedisCluster({ appendOnly: true });
    try {
      // One master of three stops keeping its file: its slots' events would be lost on its restart.
      const careless = new Redis(cluster.nodes[2]?.url ?? '');
      await careless.config('SET', 'appendonly', 'no');
      careless.disconnect();
      const { lines, metrics } = await watch(cluster.url, async () => {}, true);
      expect(lines).toEqual([expect.objectContaining({ level: 'warn', persistence: 'none' })]);
      expect(metrics).toContain(gauge('none', 1));
      for (const node of cluster.nodes) {
        const client = new Redis(node.url);
        const stats = await client.info('commandstats');
        client.disconnect();
        expect(stats, `node ${node.port}`).toMatch(/^cmdstat_config\|get:calls=[1-9]/m);
      }
    } finally {
      await cluster.stop();
    }
  });
});
