import { once } from 'node:events';
import {
  FEISHU_EVENTS_QUEUE,
  createLogger,
  loadConfigOrExit,
  createRedisReadiness,
  exitOnFatalError,
} from '@feishu-welcome/shared';
import { Queue } from 'bullmq';
import { createDashboardApp } from './create-dashboard-app.js';
import { createRedisConnection } from './create-redis-connection.js';

import { loadDashboardConfig } from './dashboard-config.js';

const config = loadConfigOrExit(() => loadDashboardConfig(process.env), 'dashboard');
const log = createLogger({ name: 'dashboard', level: config.logLevel });
exitOnFatalError(log, { DASHBOARD_PORT: config.port });

const redis = createRedisConnection(config.redisUrl, log);
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
log.info({ port: config.port, readOnly: config.readOnly, queue: FEISHU_EVENTS_QUEUE }, 'dashboard listening');

async function shutdown(signal: string): Promise<void> {
  log.info({ signal }, 'shutting down');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // An open board keeps its connections alive; give requests in flight a moment, then cut the rest.
  server.closeIdleConnections();
  const cutOff = setTimeout(() => server.closeAllConnections(), 5_000);
  await closed;
  clearTimeout(cutOff);
  await queue.close();
  await redis.quit().catch(() => undefined);
  log.info('dashboard stopped');
  process.exit(0);
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void shutdown(signal));
}
