import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { FEISHU_EVENTS_QUEUE, createLogger, createRedisReadiness, type Logger } from '@feishu-welcome/shared';
import { Queue } from 'bullmq';
import { createDashboardApp } from './create-dashboard-app.js';
import { createRedisConnection } from './create-redis-connection.js';
import type { DashboardConfig } from './dashboard-config.js';

/** What the dashboard takes from outside besides its configuration; every field may be left out. */
export interface DashboardDeps {
  /** @defaultValue a logger on stdout at `config.logLevel` */
  readonly log?: Logger;
}

export interface RunningDashboard {
  /** Its base URL on loopback, e.g. `http://127.0.0.1:3001`; the board is under `/admin/queues`. */
  readonly url: string;
  readonly port: number;
  /** Stops taking requests, gives those in flight a moment, then closes the queue and Redis. */
  close(): Promise<void>;
}

/** The dashboard: bull-board over the events queue, behind basic auth, on `config.port`. */
export async function startDashboard(
  config: DashboardConfig,
  deps: DashboardDeps = {},
): Promise<RunningDashboard> {
  const log = deps.log ?? createLogger({ name: 'dashboard', level: config.logLevel });
  const redis = createRedisConnection(config, log);
  const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection: redis, prefix: config.queuePrefix });
  // BullMQ re-emits every failed reconnect on the queue, and prints it raw when nobody listens; the
  // connection already logs the outage once.
  queue.on('error', (err) => log.debug({ err }, 'queue error'));

  const app = createDashboardApp({
    queues: [queue],
    auth: config.auth,
    readOnly: config.readOnly,
    isReady: createRedisReadiness(redis, 1_000),
    log: log.child({ module: 'http' }),
  });

  // Listening does not wait for Redis: the board answers errors until it is back, and `/readyz` says so.
  const server = app.listen(config.port);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  log.info({ port, readOnly: config.readOnly, queue: FEISHU_EVENTS_QUEUE }, 'dashboard listening');

  async function shutdown(): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // An open board keeps its connections alive; give requests in flight a moment, then cut the rest.
    server.closeIdleConnections();
    const cutOff = setTimeout(() => server.closeAllConnections(), 5_000);
    await closed;
    clearTimeout(cutOff);
    await queue.close();
    await redis.quit().catch(() => undefined);
    log.info('dashboard stopped');
  }
  let closing: Promise<void> | undefined;
  return { url: `http://127.0.0.1:${port}`, port, close: () => (closing ??= shutdown()) };
}
