import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../free-port.js';
import { aclUsers, startedWithoutTls, withLogin } from './acl-users.js';
import { makeTlsFiles } from './make-tls-files.js';
import { startRedisServer, type RedisServer } from './start-redis-server.js';

/** A Redis Cluster as managed services offer it: TLS only, also between nodes, and an ACL password. */
export interface TlsRedisCluster {
  /** Each master's `rediss://user:password@127.0.0.1:port`; any one is a seed for a cluster client. */
  readonly urls: readonly string[];
  readonly caFile: string;
  dispose(): Promise<void>;
}

export interface TlsRedisClusterOptions {
  readonly password: string;
  /** @defaultValue `app` */
  readonly username?: string;
  /** @defaultValue 3, the fewest `redis-cli --cluster create` takes */
  readonly masters?: number;
}

/** Runs `redis-cli` over TLS as the admin; throws with its output when it fails. */
function adminCli(caFile: string, adminPassword: string, args: readonly string[]): string {
  const login = [
    '--tls',
    '--cacert',
    caFile,
    '--user',
    'admin',
    '--pass',
    adminPassword,
    '--no-auth-warning',
  ];
  const result = spawnSync('redis-cli', [...login, ...args], { encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(
      `redis-cli ${args.join(' ')} failed: ${result.error?.message ?? result.stdout + result.stderr}`,
    );
  }
  return result.stdout;
}

/**
 * Starts `masters` `redis-server`s in cluster mode, TLS only for clients and the cluster bus
 * (`tls-cluster`), each with the users of {@link aclUsers}, joins them with `redis-cli --cluster
 * create` and resolves once every node reports `cluster_state:ok`
 * (https://redis.io/docs/latest/operate/oss_and_stack/management/scaling/).
 */
export async function startTlsRedisCluster(options: TlsRedisClusterOptions): Promise<TlsRedisCluster> {
  const username = options.username ?? 'app';
  const dir = mkdtempSync(join(tmpdir(), 'redis-tls-cluster-'));
  const servers: RedisServer[] = [];
  const dispose = async () => {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const files = makeTlsFiles(dir);
    const users = aclUsers(username, options.password, ['~*', '&*', '+@all']);
    for (let i = 0; i < (options.masters ?? 3); i++) {
      const nodeDir = join(dir, `node-${i}`);
      mkdirSync(nodeDir);
      const cluster = ['--cluster-enabled', 'yes', '--cluster-port', String(await freePort())].concat([
        '--cluster-config-file',
        join(nodeDir, 'nodes.conf'),
        '--tls-cluster',
        'yes',
      ]);
      const server = await startRedisServer({
        tls: files,
        args: ['--dir', nodeDir, '--save', '', '--appendonly', 'no', ...cluster, ...users.args],
      }).catch((error: unknown) => {
        throw startedWithoutTls(error);
      });
      servers.push(server);
    }
    const cli = (args: readonly string[]) => adminCli(files.caFile, users.adminPassword, args);
    cli(['--cluster', 'create', ...servers.map((server) => `127.0.0.1:${server.port}`), '--cluster-yes']);
    const deadline = Date.now() + 20_000;
    for (const server of servers) {
      while (!cli(['-p', String(server.port), 'cluster', 'info']).includes('cluster_state:ok')) {
        if (Date.now() > deadline) throw new Error(`the cluster did not form: node ${server.port} is not ok`);
        await sleep(50);
      }
    }
    return {
      urls: servers.map((server) => withLogin(server.url, username, options.password)),
      caFile: files.caFile,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
