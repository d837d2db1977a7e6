import { execFile } from 'node:child_process';

/**
 * Commands to the Redis on loopback `port` through `redis-cli` (on PATH wherever `redis-server` is),
 * all on one connection, and the replies as text, one per line. dev-kit needs no Redis client for the
 * few commands its launchers send.
 */
export async function redisCli(port: number, ...command: readonly string[]): Promise<string> {
  return await redisCliLines(port, [command]);
}

/** Several commands, in order, on one connection (as `WAIT` needs the write before it). */
export async function redisCliLines(port: number, commands: readonly (readonly string[])[]): Promise<string> {
  return await new Promise((resolve, reject) => {
    const child = execFile(
      'redis-cli',
      ['-h', '127.0.0.1', '-p', String(port)],
      { timeout: 5_000 },
      (error, stdout) =>
        error ? reject(new Error(`redis-cli on port ${port} failed`, { cause: error })) : resolve(stdout),
    );
    // redis-cli reads its commands from stdin when none is given on the command line, quoting as a shell
    // does: none of the launchers' words need quoting.
    child.stdin?.end(commands.map((words) => `${words.join(' ')}\n`).join(''));
  });
}
