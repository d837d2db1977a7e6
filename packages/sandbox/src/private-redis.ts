import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { redisAnswers } from './redis-answers.js';

export interface PrivateRedis {
  readonly url: string;
  /** Stops the server; it kept nothing on disk. */
  stop(): Promise<void>;
  /** Kills it at once, synchronously: for a process that is exiting and cannot wait. */
  kill(): void;
}

/** True when a `redis-server` binary is on PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts `redis-server` on loopback `port` with persistence off, for a sandbox that should leave
 * nothing behind. Its own process group, so that a Ctrl-C at the terminal reaches only `pnpm dev`,
 * which stops it after the services that use it.
 */
export async function startPrivateRedis(port: number, timeoutMs = 5_000): Promise<PrivateRedis> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', args, { stdio: 'ignore', detached: true });
  const exited = once(child, 'exit');
  const url = `redis://127.0.0.1:${port}`;

  const deadline = Date.now() + timeoutMs;
  while (!(await redisAnswers(url, 500))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopProcess(child, exited);
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await sleep(50);
  }
  return {
    url,
    stop: () => stopProcess(child, exited),
    kill: () => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')),
  };
}

async function stopProcess(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(killer);
}
