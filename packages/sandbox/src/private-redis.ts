import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { redisAnswers } from './redis-answers.js';

export interface PrivateRedis {
  readonly url: string;
  /** The folder its append-only file is written to; removed when it stops. */
  readonly dataDir: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
  /** Kills it at once and removes its folder, synchronously: for a process that is exiting and cannot wait. */
  kill(): void;
}

/** True when a `redis-server` binary is on PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
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
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, ...DURABLE];
  const child = spawn('redis-server', args, { stdio: 'ignore', detached: true });
  const exited = once(child, 'exit');
  const url = `redis://127.0.0.1:${port}`;
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });

  const deadline = Date.now() + timeoutMs;
  while (!(await redisAnswers(url, 500))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopProcess(child, exited);
      removeDir();
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await sleep(50);
  }
  return {
    url,
    dataDir,
    stop: async () => {
      await stopProcess(child, exited);
      removeDir();
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      removeDir();
    },
  };
}

async function stopProcess(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(killer);
}
