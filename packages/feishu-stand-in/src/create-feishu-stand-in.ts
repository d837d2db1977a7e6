import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { type FeishuStandInControl, createControl } from './create-control.js';
import { createWsUpgrade } from './long-connection/create-ws-upgrade.js';
import { createCallbackRouter } from './routes/create-callback-router.js';
import { assignLogId } from './routes/log-id.js';
import { createControlRouter } from './routes/create-control-router.js';
import { createOpenApiRouter } from './routes/create-open-api-router.js';
import { type FeishuStandInOptions, resolveOptions } from './stand-in-options.js';
import { createStandInState } from './stand-in-state.js';
import { createStoreAppRouter } from './store-app/create-store-app-router.js';
import { createStoreControlRouter } from './store-app/create-store-control-router.js';

export interface FeishuStandIn {
  /** The express app: `/open-apis/…`, `/callback/ws/endpoint`, `/__stand-in/…` and `/healthz`. Mount it or listen on it. */
  readonly app: Express;
  readonly control: FeishuStandInControl;
  /** For the HTTP server's `upgrade` event: the long connection's WebSockets (`/ws/v2`). */
  readonly upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Cuts every long connection and stops every re-push timer. */
  readonly closeLongConnections: () => void;
  /** Stops background work: a store app's ticket pushes. */
  readonly stop: () => void;
}

/**
 * Builds a local stand-in of the Feishu Open API (tokens and `im/v1/messages`) and of its long
 * connection (the endpoint here; the WebSockets through `upgrade`) without listening;
 * `startFeishuStandIn` is the one that listens. Only `host` and `port` of the options are unused here.
 */
export function createFeishuStandIn(options: FeishuStandInOptions = {}): FeishuStandIn {
  const settings = resolveOptions(options);
  const state = createStandInState(settings);
  const control = createControl(state);

  const app = express();
  app.disable('x-powered-by');
  // Control reads change with every send; a 304 would hide that.
  app.set('etag', false);
  app.use(assignLogId(settings.now));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  if (settings.appType === 'store') app.use('/open-apis', createStoreAppRouter(state));
  app.use('/open-apis', createOpenApiRouter(state));
  app.use('/callback', createCallbackRouter(state));
  app.use('/__stand-in/store', createStoreControlRouter(control.store));
  app.use('/__stand-in', createControlRouter(control));
  app.use((_req, res) => {
    res.status(404).json({ code: 404, msg: 'not found' });
  });
  const unexpected: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    settings.log?.error({ err: error }, 'unexpected error in the stand-in');
    if (!res.headersSent) res.status(500).json({ code: 500, msg: 'internal error' });
  };
  app.use(unexpected);
  const closeLongConnections = (): void => {
    state.ws.connections.dropAll();
    state.ws.deliveries.clear();
  };
  return {
    app,
    control,
    upgrade: createWsUpgrade(state),
    closeLongConnections,
    stop: () => state.storeApp.pusher.stop(),
  };
}
