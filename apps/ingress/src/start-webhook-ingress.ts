import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { closeOpsServer, deriveKey, startOpsServer, waitUntilReady } from '@feishu-welcome/shared';
import type { Registry } from 'prom-client';
import { createApp } from './create-app.js';
import { createPublicServer } from './create-public-server.js';
import type { IngressCore } from './ingress-core.js';
import type { WebhookIngressConfig } from './ingress-config.js';

export interface RunningWebhookIngress {
  readonly mode: 'webhook';
  /** The public port's base URL on loopback, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly port: number;
  readonly metricsPort: number;
  /** Its Prometheus metrics, as `/metrics` serves them. */
  readonly registry: Registry;
  /** Stops taking requests, lets those in flight finish, then closes the queue and Redis. */
  close(): Promise<void>;
}

const port = (server: { address(): unknown }): number => (server.address() as AddressInfo).port;

/** The webhook intake: Feishu pushes to `config.port`, each push stored in the queue. */
export async function startWebhookIngress(
  config: WebhookIngressConfig,
  core: IngressCore,
  options: { readonly now: () => number; readonly requestTimeoutMs: number | undefined },
): Promise<RunningWebhookIngress> {
  const { log, registry } = core;
  const app = createApp({
    policy: {
      verificationToken: config.verificationToken,
      crypto: config.encryptKey
        ? { encryptKey: config.encryptKey, aesKey: deriveKey(config.encryptKey) }
        : undefined,
      appId: config.appId,
    },
    enqueue: core.enqueue,
    now: options.now,
    log: log.child({ module: 'webhook' }),
    metrics: core.metrics,
    isReady: core.readiness,
  });
  const ops = await startOpsServer({ port: config.metricsPort, registry, isReady: core.readiness, log });

  // Listening before Redis answers would turn the first pushes into 503s; wait a little, then listen
  // anyway (`/readyz` tells the truth, and Feishu retries what it could not deliver).
  if (!(await waitUntilReady(core.redis, 10_000))) log.warn('redis not ready yet; listening anyway');
  const server = createPublicServer(app, options.requestTimeoutMs).listen(config.port);
  await once(server, 'listening');
  log.info(
    {
      mode: 'webhook',
      port: port(server),
      metricsPort: port(ops),
      encrypted: config.encryptKey !== undefined,
      appIdPinned: config.appId !== undefined,
    },
    'ingress listening',
  );

  async function shutdown(): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive sockets that go idle once their request is answered would hold the close open.
    const reaper = setInterval(() => server.closeIdleConnections(), 50);
    server.closeIdleConnections();
    await closed;
    clearInterval(reaper);
    await closeOpsServer(ops);
    await core.close();
    log.info('ingress stopped');
  }
  let closing: Promise<void> | undefined;
  return {
    mode: 'webhook',
    url: `http://127.0.0.1:${port(server)}`,
    port: port(server),
    metricsPort: port(ops),
    registry,
    close: () => (closing ??= shutdown()),
  };
}
