import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection } from 'node:net';
import { freePort } from './free-port.js';
import { redisUrlFor, serverArgs, type OwnedRedisOptions, type RedisHandle } from './redis-handle.js';
import { waitFor } from './wait-for.js';

/** True when a `redis-server` binary is on PATH. */
export function hasRedisServerBinary(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return probe.status === 0;
}

/** Up, whether it answers PONG or asks for the password first. */
async function answersPing(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(/^(\+PONG|-NOAUTH)/.test(data.toString()));
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts a private `redis-server` on a free loopback port, keeping nothing on disk. The run owns it,
 * so tests may stop and restart it. With `requirePass`, its `url` carries that password.
 */
export async function startPrivateRedisServer(options: OwnedRedisOptions = {}): Promise<RedisHandle> {
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    if (child) return;
    const args = ['--port', String(port), '--bind', '127.0.0.1', ...serverArgs(options)];
    const spawned = spawn('redis-server', args, { stdio: 'ignore' });
    child = spawned;
    spawned.once('exit', () => {
      if (child === spawned) child = undefined;
    });
    await waitFor(`redis-server on port ${port}`, () => answersPing(port));
  };

  const stop = async (): Promise<void> => {
    const running = child;
    if (!running) return;
    child = undefined;
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    await exited;
  };

  await start();
  return { url: redisUrlFor(port, options), source: 'redis-server', start, stop, dispose: stop };
}
