import { waitFor } from '../wait-for.js';
import { redisCli, redisCliLines } from './redis-cli.js';
import { startRedisServer, type RedisServer } from './start-redis-server.js';

export interface ReplicatedRedis {
  readonly primary: RedisServer;
  readonly replica: RedisServer;
  /** Stops the replica (SIGKILL): the primary sees its link drop at once. */
  stopReplica(): Promise<void>;
  /** Starts the replica again and resolves once it is in sync and the primary counts it online. */
  startReplica(): Promise<void>;
  /**
   * Freezes the replica (SIGSTOP) without closing its link: the primary still counts it online, but it
   * applies and acknowledges nothing more, as a replica lagging behind does.
   */
  freezeReplica(): Promise<void>;
  /** Lets a frozen replica run again (SIGCONT); it catches up on what it missed. */
  thawReplica(): void;
  /** Makes the replica a primary of its own (`REPLICAOF NO ONE`), as a failover does. */
  promote(): Promise<void>;
  /** Stops both servers. */
  stop(): Promise<void>;
}

/**
 * Nothing on disk: no snapshots, no AOF, and the replica's full sync streamed over the socket into
 * its empty memory, at once rather than after the default 5 s gathering delay
 * (https://redis.io/docs/latest/operate/oss_and_stack/management/replication/).
 */
const DISKLESS = [
  '--save',
  '',
  '--appendonly',
  'no',
  '--repl-diskless-sync',
  'yes',
  '--repl-diskless-sync-delay',
  '0',
  '--repl-diskless-load',
  'on-empty-db',
];

/**
 * The replica's side of the link is up (`master_link_status:up`), the primary lists it `online`, and it
 * acknowledges a write at once: right after its first sync, a replica takes up to a second more before
 * its acknowledgements reach `WAIT`, which would otherwise slow a test's first confirmed write.
 */
async function inSync(primary: RedisServer, replica: RedisServer): Promise<boolean> {
  const [mine, primaryInfo] = await Promise.all([
    redisCli(replica.port, 'INFO', 'replication'),
    redisCli(primary.port, 'INFO', 'replication'),
  ]);
  if (!/^master_link_status:up\r?$/m.test(mine)) return false;
  if (!new RegExp(`^slave\\d+:.*port=${replica.port},state=online`, 'm').test(primaryInfo)) return false;
  const replies = await redisCliLines(primary.port, [
    ['SET', 'dev-kit:replication-probe', '1', 'PX', '1000'],
    ['WAIT', '1', '50'],
  ]);
  return replies.trim().split('\n').at(-1) === '1';
}

/**
 * A primary and one replica of it, each a private `redis-server` on a free loopback port, for tests of
 * what survives a failover. Resolves once the replica is in sync.
 */
export async function startReplicatedRedis(): Promise<ReplicatedRedis> {
  const primary = await startRedisServer({ args: DISKLESS });
  const replica = await startRedisServer({
    args: [...DISKLESS, '--replicaof', '127.0.0.1', String(primary.port)],
  }).catch(async (error: unknown) => {
    await primary.stop();
    throw error;
  });
  const synced = () => waitFor('the replica to sync', () => inSync(primary, replica));
  await synced();
  let frozen: number | undefined;
  return {
    primary,
    replica,
    async stopReplica() {
      frozen = undefined;
      await replica.stop();
    },
    async startReplica() {
      await replica.start();
      await synced();
    },
    async freezeReplica() {
      const info = await redisCli(replica.port, 'INFO', 'server');
      frozen = Number(/^process_id:(\d+)\r?$/m.exec(info)?.[1]);
      process.kill(frozen, 'SIGSTOP');
    },
    thawReplica() {
      if (frozen !== undefined) process.kill(frozen, 'SIGCONT');
      frozen = undefined;
    },
    async promote() {
      await redisCli(replica.port, 'REPLICAOF', 'NO', 'ONE');
      await waitFor('the replica to take writes', async () =>
        /^role:master\r?$/m.test(await redisCli(replica.port, 'INFO', 'replication')),
      );
    },
    async stop() {
      await Promise.all([primary.stop(), replica.stop()]);
    },
  };
}
