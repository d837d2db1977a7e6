import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * One command to the Redis on loopback `port`, through `redis-cli` (on PATH wherever `redis-server`
 * is), and its reply as text. dev-kit needs no Redis client for the few commands its launchers send.
 */
export async function redisCli(port: number, ...command: readonly string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...command], {
    timeout: 5_000,
  });
  return stdout;
}
