import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer } from '@feishu-welcome/dev-kit';

export interface PrivateRedis {
  readonly url: string;
  /** The folder its append-only file is written to; removed when it stops. */
  readonly dataDir: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
  /** Kills it at once and removes its folder, synchronously: for a process that is exiting and cannot wait. */
  kill(): void;
}

/**
 * The settings of the compose file's Redis: every write goes to the append-only file (fsync once a
 * second), so a restart keeps the events the ingress acknowledged; refuse writes rather than evict.
 */
const DURABLE = [
  '--appendonly',
  'yes',
  '--appendfsync',
  'everysec',
  '--save',
  '',
  '--maxmemory-policy',
  'noeviction',
];

/**
 * Starts `redis-server` on loopback `port`, with its files in a fresh temporary folder. Its own
 * process group, so that a Ctrl-C at the terminal reaches only `pnpm dev`, which stops it after the
 * services that use it.
 */
export async function startPrivateRedis(port: number, timeoutMs = 5_000): Promise<PrivateRedis> {
  const dataDir = mkdtempSync(join(tmpdir(), 'feishu-welcome-redis-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  const server = await startRedisServer({
    port,
    args: ['--dir', dataDir, ...DURABLE],
    detached: true,
    stopGraceMs: 3_000,
    startTimeoutMs: timeoutMs,
  }).catch((error: unknown) => {
    removeDir();
    throw error;
  });
  return {
    url: server.url,
    dataDir,
    stop: async () => {
      await server.stop();
      removeDir();
    },
    kill: () => {
      server.kill();
      removeDir();
    },
  };
}
