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
