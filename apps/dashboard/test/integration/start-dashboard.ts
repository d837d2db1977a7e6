import { once } from 'node:events';
import { createLogger, createRedisReadiness } from '@feishu-welcome/shared';
import { freePort, uniqueQueueName } from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import type { BasicCredentials } from '../../src/basic-auth.js';
import { createDashboardApp } from '../../src/create-dashboard-app.js';
import { createRedisConnection } from '../../src/create-redis-connection.js';

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
  /** A fresh queue, the only one on the board. */
  readonly queue: Queue;
  readonly redisUrl: string;
  request(path: string, options?: RequestOptions): Promise<Response>;
  close(): Promise<void>;
}

/** The dashboard app in this process, on a free port, over a fresh queue in the given Redis. */
export async function startDashboard(options: {
  redisUrl: string;
  readOnly: boolean;
}): Promise<RunningDashboard> {
  const log = createLogger({ name: 'dashboard-test', level: 'silent' });
  const redis = createRedisConnection(options.redisUrl, log);
  const queue = new Queue(uniqueQueueName(), { connection: redis });
  queue.on('error', () => undefined);
  await queue.waitUntilReady();
  const app = createDashboardApp({
    queues: [queue],
    auth: LOGIN,
    readOnly: options.readOnly,
    isReady: createRedisReadiness(redis, 1_000),
    log,
  });
  const port = await freePort();
  const server = app.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${port}`;
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
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await redis.quit().catch(() => undefined);
    },
  };
}
