import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../free-port.js';
import { waitFor } from '../wait-for.js';
import { adminCliArgs, aclUsers, startedWithoutTls, withLogin } from './acl-users.js';
import { makeTlsFiles, type TlsFiles } from './make-tls-files.js';
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
  /**
   * Replicas of each master (`redis-cli --cluster create --cluster-replicas`): the cluster then has
   * `masters × (1 + replicasPerMaster)` nodes, and starts once every replica streams its master's
   * writes. @defaultValue 0
   */
  readonly replicasPerMaster?: number;
  /**
   * A cluster as managed services offer it: TLS only, for clients, between nodes (`tls-cluster`) and
   * from replicas to masters (`tls-replication`, logged in as the admin since `default` is off), and
   * one ACL user with a password (see {@link aclUsers}).
   * @defaultValue plain TCP, no password
   */
  readonly tls?: {
    readonly password: string;
    /** @defaultValue `app` */
    readonly username?: string;
  };
}

export interface RedisClusterNode {
  readonly port: number;
  /** With `tls`, `rediss://` and the user's login: any node is a seed for a cluster client. */
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
  /** With `tls`: the throwaway CA that signed every node's certificate, for `NODE_EXTRA_CA_CERTS`. */
  readonly caFile?: string;
  /** The node serving `slot`, as the cluster tells now. */
  nodeServing(slot: number): Promise<RedisClusterNode>;
  /** The running nodes that replicate `master` now, as each says (`ROLE`). */
  replicasOf(master: RedisClusterNode): Promise<RedisClusterNode[]>;
  /** `redis-cli` on the node at `port`, logged in as an admin with `tls`; its output. */
  cli(port: number, ...args: string[]): Promise<string>;
  /**
   * Moves `slot` to `to` while clients use it, its keys `batch` at a time, as `redis-cli --cluster
   * reshard` moves slots (https://redis.io/docs/latest/commands/cluster-setslot/): IMPORTING on `to`,
   * MIGRATING on the owner, MIGRATE until the slot is empty, then SETSLOT NODE on every node.
   */
  moveSlot(slot: number, to: RedisClusterNode, options?: { batch?: number }): Promise<void>;
  /** True while every running node says `cluster_state:ok`. */
  isOk(): Promise<boolean>;
  /** Resolves once every running node says `cluster_state:ok` and every running replica's link is up. */
  waitUntilOk(timeoutMs?: number): Promise<void>;
  /** Stops every node and removes their files. */
  stop(): Promise<void>;
}

type Cli = (port: number, ...args: string[]) => Promise<string>;

/** `redis-cli -p port …login …args`, its output. */
const cliWith =
  (login: readonly string[]): Cli =>
  async (port, ...args) => {
    const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...login, ...args]);
    return stdout;
  };

/** `redis-server` arguments of one cluster node whose files are in `dir`. */
async function nodeArgs(dir: string, port: number, options: RedisClusterOptions): Promise<string[]> {
  // The bus port is chosen too: the default, port + 10000, may be taken or past 65535.
  const busPort = await freePort();
  const persistence = options.appendOnly
    ? ['--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  return ['--cluster-enabled', 'yes', '--cluster-port', String(busPort)]
    .concat(['--cluster-config-file', join(dir, `nodes-${port}.conf`)])
    .concat(['--cluster-node-timeout', String(options.nodeTimeoutMs ?? 2_000)])
    .concat(['--dir', dir, '--appendfilename', `appendonly-${port}.aof`, '--appenddirname', `aof-${port}`])
    .concat(['--save', '', ...persistence], options.tls ? ['--tls-cluster', 'yes'] : []);
}

/** The port of the master the node at `port` replicates (`ROLE`), or undefined for a master. */
async function masterPortOf(cli: Cli, port: number): Promise<number | undefined> {
  const [role, , masterPort] = (await cli(port, 'ROLE')).split('\n');
  return role === 'slave' ? Number(masterPort) : undefined;
}

/** True when the node at `port` says `cluster_state:ok` and, for a replica, `master_link_status:up`. */
async function nodeOk(cli: Cli, port: number): Promise<boolean> {
  const answers = await Promise.all([cli(port, 'CLUSTER', 'INFO'), cli(port, 'INFO', 'replication')]).catch(
    () => ['', ''],
  );
  const [info = '', replication = ''] = answers;
  const linkDown = /^role:slave/m.test(replication) && !/^master_link_status:up/m.test(replication);
  return /^cluster_state:ok/m.test(info) && !linkDown;
}

/**
 * Starts a Redis Cluster of `masters` masters, each with `replicasPerMaster` replicas, on free loopback
 * ports (https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/): one `redis-server
 * --cluster-enabled yes` per node, joined by `redis-cli --cluster create`, resolved once every node
 * says `cluster_state:ok` and every replica is in sync. Each node's files (and with `tls` the
 * certificates) live in a temporary folder that `stop()` removes. Throws, saying how to install them,
 * when redis-server or redis-cli is missing, and naming the likely cause when TLS is asked of a
 * redis-server built without it.
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const cliFound = await run('redis-cli', ['--version']).then(
    () => true,
    () => false,
  );
  if (!hasRedisServerBinary() || !cliFound) throw new Error(MISSING_BINARIES);
  const dir = mkdtempSync(join(tmpdir(), 'feishu-welcome-cluster-'));
  const servers: RedisServer[] = [];
  const username = options.tls?.username ?? 'app';
  const users = options.tls && aclUsers(username, options.tls.password, ['~*', '&*', '+@all']);
  let tls: TlsFiles | undefined;
  let cli = cliWith([]);
  try {
    if (users) {
      tls = makeTlsFiles(dir);
      cli = cliWith(adminCliArgs(tls.caFile, users.adminPassword));
    }
    const replicas = options.replicasPerMaster ?? 0;
    for (let i = 0; i < (options.masters ?? 3) * (1 + replicas); i++) {
      const port = await freePort();
      const args = [...(await nodeArgs(dir, port, options)), ...(users?.args ?? [])];
      // https://redis.io/docs/latest/operate/oss_and_stack/management/security/encryption/#replication
      if (users)
        args.push('--tls-replication', 'yes', '--masteruser', 'admin', '--masterauth', users.adminPassword);
      servers.push(
        await startRedisServer({ port, tls, args }).catch((error: unknown) => {
          throw tls ? startedWithoutTls(error) : error;
        }),
      );
    }
    const addresses = servers.map((server) => `127.0.0.1:${server.port}`);
    const [seed = 0] = servers.map((server) => server.port);
    const create = ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas)];
    await cli(seed, ...create, '--cluster-yes');
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  /** The ports of the nodes running now: only they are asked. */
  const running = new Set(servers.map((server) => server.port));
  const login = (url: string) => (options.tls ? withLogin(url, username, options.tls.password) : url);
  const nodes: RedisClusterNode[] = servers.map((server) => ({
    port: server.port,
    url: login(server.url),
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

  const clusterOk = (port: number) =>
    cli(port, 'CLUSTER', 'INFO').then(
      (info) => /^cluster_state:ok/m.test(info),
      () => false,
    );
  const isOk = async (): Promise<boolean> => (await Promise.all([...running].map(clusterOk))).every(Boolean);
  const waitUntilOk = async (timeoutMs = 30_000): Promise<void> => {
    const allOk = async () =>
      (await Promise.all([...running].map((port) => nodeOk(cli, port)))).every(Boolean);
    await waitFor('every node of the Redis Cluster to be ok and every replica in sync', allOk, {
      timeoutMs,
      intervalMs: 100,
    });
  };
  const replicasOf = async (master: RedisClusterNode): Promise<RedisClusterNode[]> => {
    const ports = [...running];
    const masters = await Promise.all(ports.map((port) => masterPortOf(cli, port)));
    return nodes.filter((node) => masters[ports.indexOf(node.port)] === master.port);
  };
  await waitUntilOk().catch(async (error: unknown) => {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });

  return {
    url: nodes[0]?.url ?? '',
    nodes,
    caFile: tls?.caFile,
    cli,
    waitUntilOk,
    nodeServing,
    replicasOf,
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
