/** A Redis server a test run can use; `stop`/`start` exist only on one the run owns. */
export interface RedisHandle {
  readonly url: string;
  /** Where it came from, for messages: `REDIS_URL`, `testcontainers` or `redis-server`. */
  readonly source: 'REDIS_URL' | 'testcontainers' | 'redis-server';
  /** Stops the server (keeping its port) so a test can watch the product cope with Redis down. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Stops it for good and frees what it holds. */
  dispose(): Promise<void>;
}

export interface OwnedRedisOptions {
  /** Started with `--requirepass`: connections without this password are refused. */
  readonly requirePass?: string;
  /** Further `redis-server` options, which win over the defaults (e.g. `['--appendonly', 'yes']`). */
  readonly extraArgs?: readonly string[];
}

/**
 * `redis-server` arguments: nothing kept on disk unless `extraArgs` say otherwise, and the password
 * when one is asked for.
 */
export function serverArgs(options: OwnedRedisOptions): string[] {
  const password = options.requirePass === undefined ? [] : ['--requirepass', options.requirePass];
  return ['--save', '', '--appendonly', 'no', ...password, ...(options.extraArgs ?? [])];
}

export function redisUrlFor(port: number, options: OwnedRedisOptions): string {
  const login = options.requirePass === undefined ? '' : `:${encodeURIComponent(options.requirePass)}@`;
  return `redis://${login}127.0.0.1:${port}`;
}
