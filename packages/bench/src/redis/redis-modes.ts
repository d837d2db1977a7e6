/** How the private redis-server of the `redis` section keeps its data. */
export interface RedisMode {
  readonly label: string;
  /** `redis-server` arguments; the data folder (`--dir`) is added per run. */
  readonly args: readonly string[];
}

/**
 * Without persistence, as the other sections run; then with the AOF fsynced every second, the
 * setting docs/scaling.md recommends for production (https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/).
 */
export const REDIS_MODES: readonly RedisMode[] = [
  { label: 'no persistence', args: ['--save', '', '--appendonly', 'no'] },
  { label: 'AOF everysec', args: ['--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec'] },
];
