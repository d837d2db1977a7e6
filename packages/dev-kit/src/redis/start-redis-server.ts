import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../free-port.js';
import { tlsServerArgs, type TlsFiles } from './make-tls-files.js';
import { redisAnswers } from './redis-answers.js';

/** True when a `redis-server` binary is on PATH. */
export function hasRedisServerBinary(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface RedisServerOptions {
  /** @defaultValue a free loopback port */
  readonly port?: number;
  /** Further `redis-server` arguments (persistence, password, data folder). */
  readonly args?: readonly string[];
  /** In a process group of its own, so that a Ctrl-C at the terminal does not reach it. @defaultValue false */
  readonly detached?: boolean;
  /** How long `stop()` waits after SIGTERM before it kills. @defaultValue 0: killed at once */
  readonly stopGraceMs?: number;
  /** @defaultValue 10 s */
  readonly startTimeoutMs?: number;
  /** Serves TLS only, on `port`: its `url` is `rediss://` and the readiness check speaks TLS too. */
  readonly tls?: TlsFiles;
}

export interface RedisServer {
  readonly port: number;
  /** Without a password, even when `args` set one. */
  readonly url: string;
  /** Starts it again on the same port after `stop()`; nothing when it runs. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Kills it at once, synchronously: for a process that is exiting and cannot wait. */
  kill(): void;
}

/** Starts `redis-server` on a loopback port and resolves once it answers (a password prompt counts). */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const url = `${options.tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`;
  const listen = options.tls ? tlsServerArgs(port, options.tls) : ['--port', String(port)];
  const args = [...listen, '--bind', '127.0.0.1', ...(options.args ?? [])];
  const trust = options.tls && { ca: readFileSync(options.tls.caFile) };
  let child: { process: ChildProcess; exited: Promise<unknown> } | undefined;

  const running = (process: ChildProcess) => process.exitCode === null && process.signalCode === null;

  const stop = async (): Promise<void> => {
    const current = child;
    if (!current) return;
    child = undefined;
    if (!running(current.process)) return;
    const graceMs = options.stopGraceMs ?? 0;
    current.process.kill(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
    const killer = graceMs > 0 ? setTimeout(() => current.process.kill('SIGKILL'), graceMs) : undefined;
    await current.exited;
    clearTimeout(killer);
  };

  const start = async (): Promise<void> => {
    if (child) return;
    const spawned = spawn('redis-server', args, { stdio: 'ignore', detached: options.detached ?? false });
    const started = { process: spawned, exited: once(spawned, 'exit') };
    child = started;
    const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
    while (!(await redisAnswers(url, 500, trust))) {
      if (!running(spawned) || Date.now() > deadline) {
        if (child === started) await stop();
        throw new Error(`redis-server did not start on port ${port}`);
      }
      await sleep(25);
    }
  };

  await start();
  return {
    port,
    url,
    start,
    stop,
    kill: () => {
      if (child && running(child.process)) child.process.kill('SIGKILL');
      child = undefined;
    },
  };
}
