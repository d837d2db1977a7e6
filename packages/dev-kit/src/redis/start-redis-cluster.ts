import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../free-port.js';
import { waitFor } from '../wait-for.js';
import { hasRedisServerBinary, startRedisServer, type RedisServer } from './start-redis-server.js';

const run = promisify(execFile);

const MISSING_BINARIES =
  'a Redis Cluster for the tests needs redis-server and redis-cli on PATH: ' +
  'apt-get install redis-server (Debian/Ubuntu) or brew install redis (macOS)';

export interface RedisClusterOptions {
  /** Masters, each holding an equal share of the 16384 slots. @defaultValue 3 */
  readonly masters?: number;
  /**
   * Each node keeps an append-only file, fsynced on every write, so a node killed and started again
   * still has every write it acknowledged. @defaultValue false: nothing on disk
   */
  readonly appendOnly?: boolean;
  /**
   * How long a node may be unreachable before the others mark it failed, and the cluster refuses
   * commands (`cluster-node-timeout`). @defaultValue 2000, against Redis's 15000, so tests move on
   */
  readonly nodeTimeoutMs?: number;
}

export interface RedisClusterNode {
  readonly port: number;
  readonly url: string;
  /** Kills the node at once (SIGKILL); its cluster state file stays, so `start` rejoins it. */
  stop(): Promise<void>;
  /** Starts it again on the same ports, with the same node id and slots. */
  start(): Promise<void>;
}

export interface RedisCluster {
  /** One node's URL: what `REDIS_URL` names with `REDIS_CLUSTER=true`. */
  readonly url: string;
  readonly nodes: readonly RedisClusterNode[];
  /** The node serving `slot`, as the cluster tells now. */
  nodeServing(slot: number): Promise<RedisClusterNode>;
  /**
   * Moves `slot` to `to` while clients use it, its keys `batch` at a time, as `redis-cli --cluster
   * reshard` moves slots (https://redis.io/docs/latest/commands/cluster-setslot/): IMPORTING on `to`,
   * MIGRATING on the owner, MIGRATE until the slot is empty, then SETSLOT NODE on every node.
   */
  moveSlot(slot: number, to: RedisClusterNode, options?: { batch?: number }): Promise<void>;
  /** True while every running node says `cluster_state:ok`. */
  isOk(): Promise<boolean>;
  /** Resolves once every running node says `cluster_state:ok`. */
  waitUntilOk(timeoutMs?: number): Promise<void>;
  /** Stops every node and removes their files. */
  stop(): Promise<void>;
}

/** `redis-cli -p port ...args`, its output. */
async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args]);
  return stdout;
}

async function clusterOk(port: number): Promise<boolean> {
  return /^cluster_state:ok/m.test(await cli(port, 'CLUSTER', 'INFO').catch(() => ''));
}

/**
 * Starts a Redis Cluster of `masters` masters and no replicas on free loopback ports
 * (https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/): one `redis-server
 * --cluster-enabled yes` per node, joined by `redis-cli --cluster create`, resolved once every node
 * says `cluster_state:ok`. Each node's files live in a temporary folder that `stop()` removes. Throws,
 * saying how to install them, when redis-server or redis-cli is missing.
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const cliFound = await run('redis-cli', ['--version']).then(
    () => true,
    () => false,
  );
  if (!hasRedisServerBinary() || !cliFound) throw new Error(MISSING_BINARIES);
  const dir = mkdtempSync(join(tmpdir(), 'feishu-welcome-cluster-'));
  const servers: RedisServer[] = [];
  try {
    for (let i = 0; i < (options.masters ?? 3); i++) {
      // The bus port is chosen too: the default, port + 10000, may be taken or past 65535.
      const [port, busPort] = [await freePort(), await freePort()];
      const persistence = options.appendOnly
        ? ['--appendonly', 'yes', '--appendfsync', 'always']
        : ['--appendonly', 'no'];
      servers.push(
        await startRedisServer({
          port,
          args: [
            '--cluster-enabled',
            'yes',
            '--cluster-port',
            String(busPort),
            '--cluster-config-file',
            join(dir, `nodes-${port}.conf`),
            '--cluster-node-timeout',
            String(options.nodeTimeoutMs ?? 2_000),
            '--dir',
            dir,
            '--appendfilename',
            `appendonly-${port}.aof`,
            '--appenddirname',
            `aof-${port}`,
            '--save',
            '',
            ...persistence,
          ],
        }),
      );
    }
    const addresses = servers.map((server) => `127.0.0.1:${server.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes']);
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  /** The ports of the nodes running now: only they are asked. */
  const running = new Set(servers.map((server) => server.port));
  const nodes: RedisClusterNode[] = servers.map((server) => ({
    port: server.port,
    url: server.url,
    async stop() {
      running.delete(server.port);
      await server.stop();
    },
    async start() {
      await server.start();
      running.add(server.port);
    },
  }));

  const nodeServing = async (slot: number): Promise<RedisClusterNode> => {
    const asked = [...running][0];
    if (asked === undefined) throw new Error('no node of the cluster is running');
    const stdout = await cli(asked, '--json', 'CLUSTER', 'SLOTS');
    const ranges = JSON.parse(stdout) as [number, number, [string, number, string]][];
    const port = ranges.find(([from, to]) => from <= slot && slot <= to)?.[2][1];
    const node = nodes.find((candidate) => candidate.port === port);
    if (!node) throw new Error(`no node serves slot ${slot}`);
    return node;
  };

  const isOk = async (): Promise<boolean> => (await Promise.all([...running].map(clusterOk))).every(Boolean);
  const waitUntilOk = async (timeoutMs = 30_000): Promise<void> => {
    await waitFor('every node of the Redis Cluster to say cluster_state:ok', isOk, {
      timeoutMs,
      intervalMs: 100,
    });
  };
  await waitUntilOk();

  return {
    url: nodes[0]?.url ?? '',
    nodes,
    waitUntilOk,
    nodeServing,
    isOk,
    async moveSlot(slot, to, { batch = 10 } = {}) {
      const from = await nodeServing(slot);
      if (from === to) return;
      const idOf = async (node: RedisClusterNode) => (await cli(node.port, 'CLUSTER', 'MYID')).trim();
      const [fromId, toId] = [await idOf(from), await idOf(to)];
      await cli(to.port, 'CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', fromId);
      await cli(from.port, 'CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', toId);
      for (;;) {
        const keys = (await cli(from.port, 'CLUSTER', 'GETKEYSINSLOT', String(slot), String(batch)))
          .split('\n')
          .filter((key) => key !== '');
        if (keys.length === 0) break;
        const moved = await cli(
          from.port,
          'MIGRATE',
          '127.0.0.1',
          String(to.port),
          '',
          '0',
          '5000',
          'KEYS',
          ...keys,
        );
        if (!/^(OK|NOKEY)/.test(moved)) throw new Error(`MIGRATE of slot ${slot} failed: ${moved}`);
      }
      // The new owner first, then the old one, then the rest, as the command's documentation orders it.
      const others = nodes.filter((node) => node !== from && node !== to && running.has(node.port));
      for (const node of [to, from, ...others])
        await cli(node.port, 'CLUSTER', 'SETSLOT', String(slot), 'NODE', toId);
    },
    async stop() {
      await Promise.all(servers.map((server) => server.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
