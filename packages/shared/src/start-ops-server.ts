import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';

/** `true`, or why the process is not ready: a short stable word for alerts (`no-progress`). */
export type Readiness = boolean | { readonly ready: false; readonly reason: string };

export interface OpsServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly registry: Registry;
  /** True while the process can do its work (its Redis answers); else false, or why not. */
  readonly isReady: () => Promise<Readiness>;
  readonly log: Logger;
}

const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The operators' port: `GET /metrics` (Prometheus text), `GET /healthz` (the process is alive) and
 * `GET /readyz`. Kept off the public webhook port so that neither Feishu nor the internet sees it.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const reply = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, ...headers }).end(body);
    };
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    // Only these paths exist here: any other (a webhook pushed to the wrong port) is not found.
    if (!OPS_PATHS.has(path)) return reply(404, 'application/json', '{"error":"not-found"}');
    if (req.method !== 'GET')
      return reply(405, 'application/json', '{"error":"method-not-allowed"}', { allow: 'GET' });
    if (path === '/healthz') return reply(200, 'application/json', '{"status":"ok"}');
    if (path === '/readyz') {
      void options.isReady().then((readiness) => {
        if (readiness === true) return reply(200, 'application/json', '{"status":"ready"}');
        const reason = readiness === false ? {} : { reason: readiness.reason };
        reply(503, 'application/json', JSON.stringify({ status: 'not-ready', ...reason }));
      });
      return;
    }
    if (path === '/metrics') {
      void options.registry.metrics().then(
        (text) => reply(200, options.registry.contentType, text),
        (err: unknown) => {
          options.log.error({ err }, 'metrics collection failed');
          reply(500, 'application/json', '{"error":"metrics-failed"}');
        },
      );
      return;
    }
  });
  server.listen(options.port, options.host ?? '0.0.0.0');
  await once(server, 'listening');
  return server;
}

/** Stops the operators' port: what it answers is short, so open connections are cut rather than awaited. */
export async function closeOpsServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
