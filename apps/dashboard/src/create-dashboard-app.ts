import type { Logger } from '@feishu-welcome/shared';
import type { Queue } from 'bullmq';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { requireBasicAuth, type BasicCredentials } from './basic-auth.js';
import { createBoardRouter } from './create-board-router.js';
import { refuseWrites } from './refuse-writes.js';
import { refuseCrossSiteWrites } from './refuse-cross-site-writes.js';
import { requireRedis } from './require-redis.js';
import { refuseFraming, storeNothing } from './security-headers.js';

/** Where bull-board's UI, static assets and API are served. */
export const DASHBOARD_PATH = '/admin/queues';

export interface DashboardAppDeps {
  readonly queues: readonly Queue[];
  /** The one login; every request but the probes must carry it. */
  readonly auth: BasicCredentials;
  /** When true, no request can change a queue or a job. */
  readonly readOnly: boolean;
  /** True while the queues' Redis answers. */
  readonly isReady: () => Promise<boolean>;
  readonly log: Logger;
}

/** The operators' HTTP surface: the health probes, then bull-board behind basic auth. */
export function createDashboardApp(deps: DashboardAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(refuseFraming);

  // The probes stay open for an orchestrator that holds no password; they say nothing about jobs.
  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await deps.isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'redis-unavailable' });
  });

  // A write sent by another site's page is refused, whatever login the browser adds to it.
  app.use(refuseCrossSiteWrites(deps.log));
  // Everything below, the board's page, its static assets and its API alike, needs the login.
  app.use(requireBasicAuth(deps.auth, deps.log));
  app.use(storeNothing);
  if (deps.readOnly) app.use(DASHBOARD_PATH, refuseWrites(deps.log));
  // The page and its assets need no Redis; the API does, and says so at once when it is away.
  app.use(`${DASHBOARD_PATH}/api`, requireRedis(deps.isReady));
  app.use(
    DASHBOARD_PATH,
    createBoardRouter(deps.queues, { basePath: DASHBOARD_PATH, readOnly: deps.readOnly }),
  );
  app.get('/', (_req, res) => {
    res.redirect(DASHBOARD_PATH);
  });

  app.use((_req, res) => {
    res.status(404).json({ error: 'not-found' });
  });
  // Express's default handler would send the stack trace of our own failure to the browser.
  const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    deps.log.error({ err: error }, 'request failed');
    res.status(500).json({ error: 'internal' });
  };
  app.use(onError);
  return app;
}
