import {
  FEISHU_EVENTS_QUEUE,
  createLogger,
  createRedisConnection,
  redisSettings,
} from '@feishu-welcome/shared';
import { uniqueQueueName } from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import type { BasicCredentials } from '../../src/basic-auth.js';
import { startDashboard as startTheDashboard } from '../../src/start-dashboard.js';

/** The login every in-process dashboard is started with. */
export const LOGIN: BasicCredentials = { username: 'ops', password: 'correct horse battery staple' };

export function basicAuthHeader(login: BasicCredentials): string {
  return `Basic ${Buffer.from(`${login.username}:${login.password}`, 'utf8').toString('base64')}`;
}

export interface RequestOptions {
  readonly method?: string;
  /** Who asks; `null` sends no credentials at all. */
  readonly login?: BasicCredentials | null;
  readonly json?: unknown;
  /** Sent as well, e.g. the `Origin` a browser would add. */
  readonly headers?: Record<string, string>;
}

export interface RunningDashboard {
  readonly url: string;
  /** The one queue on the board (under a fresh prefix), read through a connection of the test's own. */
  readonly queue: Queue;
  readonly redisUrl: string;
  request(path: string, options?: RequestOptions): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The dashboard in this process, on a free port, over a fresh queue prefix in the given Redis (with
 * `redisCluster`, one node of a Redis Cluster).
 */
export async function startDashboard(options: {
  redisUrl: string;
  redisCluster?: boolean;
  readOnly: boolean;
}): Promise<RunningDashboard> {
  const settings = redisSettings({
    REDIS_URL: options.redisUrl,
    REDIS_CLUSTER: options.redisCluster ?? false,
    QUEUE_PREFIX: uniqueQueueName(),
  });
  const dashboard = await startTheDashboard(
    {
      ...settings,
      port: 0,
      auth: LOGIN,
      readOnly: options.readOnly,
      logLevel: 'silent',
    },
    { log: createLogger({ name: 'dashboard-test', level: 'silent' }) },
  );
  const connection = createRedisConnection(settings, { maxRetriesPerRequest: null });
  const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection, prefix: settings.queuePrefix });
  queue.on('error', () => undefined);
  await queue.waitUntilReady();
  const { url } = dashboard;
  return {
    url,
    queue,
    redisUrl: options.redisUrl,
    async request(path, { method = 'GET', login = LOGIN, json, headers: extra = {} } = {}) {
      const headers: Record<string, string> = { ...extra };
      if (login) headers['authorization'] = basicAuthHeader(login);
      if (json !== undefined) headers['content-type'] ??= 'application/json';
      const body = json === undefined ? undefined : JSON.stringify(json);
      return await fetch(`${url}${path}`, { method, headers, body });
    },
    async close() {
      await dashboard.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      // BullMQ leaves a connection it was given to its owner.
      await connection.quit().catch(() => undefined);
    },
  };
}
