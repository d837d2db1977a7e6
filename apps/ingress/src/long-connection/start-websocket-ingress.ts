import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeOpsServer, startOpsServer, waitUntilReady, type Readiness } from '@feishu-welcome/shared';
import type { Registry } from 'prom-client';
import type { IngressCore } from '../ingress-core.js';
import type { WebsocketIngressConfig } from '../ingress-config.js';
import {
  connectLongConnection,
  type LongConnection,
  type LongConnectionTiming,
} from './connect-long-connection.js';
import { createWsIntake } from './create-ws-intake.js';
import type { FragmentLimits } from './join-fragments.js';
import type { LongConnectionRefusedError } from './long-connection-refused-error.js';
import { createWsEventHandler } from './open-ws-event.js';
import { createWsMetrics } from './ws-metrics.js';

export interface RunningWebsocketIngress {
  readonly mode: 'websocket';
  readonly metricsPort: number;
  /** Its Prometheus metrics, as `/metrics` serves them. */
  readonly registry: Registry;
  /** True while the long connection is open. */
  readonly isConnected: () => boolean;
  /**
   * Resolves when Feishu refuses the connection for good (credentials, permission, connection limit,
   * reconnects spent), at start or later; the process must then exit, not linger deaf. Never rejects.
   */
  readonly gaveUp: Promise<LongConnectionRefusedError>;
  /** Takes no new frames, acknowledges those in flight, closes the socket normally, then Redis. */
  close(): Promise<void>;
}

/** The long connection's knobs besides Feishu's own; tests shorten them. */
export interface LongConnectionDeps {
  readonly timing?: LongConnectionTiming;
  readonly fragments?: FragmentLimits;
  /** Events being stored at once beyond which new ones are refused (code 500). @defaultValue 1_000 */
  readonly maxInFlight?: number;
  /** @defaultValue the global `fetch` */
  readonly fetch?: typeof fetch;
}

/** How long the start waits for the first connection before it reports and lets it come in the background. */
const FIRST_CONNECTION_WAIT_MS = 10_000;

/** The long-connection intake: the ingress connects to Feishu and receives its events on the socket. */
export async function startWebsocketIngress(
  config: WebsocketIngressConfig,
  core: IngressCore,
  options: { readonly now: () => number; readonly longConnection: LongConnectionDeps | undefined },
): Promise<RunningWebsocketIngress> {
  const { log, registry } = core;
  const wsLog = log.child({ module: 'long-connection' });
  const wsMetrics = createWsMetrics(registry);
  const intake = createWsIntake({
    handleEvent: createWsEventHandler({ appId: config.appId, enqueue: core.enqueue, now: options.now }),
    log: wsLog,
    metrics: core.metrics,
    wsMetrics,
    fragments: options.longConnection?.fragments,
    maxInFlight: options.longConnection?.maxInFlight,
  });
  // Not ready before the connection exists: it is made once Redis answers.
  let connection: LongConnection | undefined = undefined;
  const isReady = async (): Promise<Readiness> => {
    if (connection?.isOpen() !== true) return { ready: false, reason: 'disconnected' };
    return await core.readiness();
  };
  const ops = await startOpsServer({ port: config.metricsPort, registry, isReady, log });
  const metricsPort = (ops.address() as AddressInfo).port;

  // Events taken before Redis answers would all be refused (and pushed again later): wait a little,
  // then connect anyway (`/readyz` tells the truth).
  if (!(await waitUntilReady(core.redis, 10_000))) log.warn('redis not ready yet; connecting anyway');
  const live = connectLongConnection({
    baseUrl: config.feishuBaseUrl,
    appId: config.appId,
    appSecret: config.appSecret,
    log: wsLog,
    onData: intake.onData,
    onState: wsMetrics.connection,
    timing: options.longConnection?.timing,
    fetch: options.longConnection?.fetch,
  });
  connection = live;

  const waited = new AbortController();
  await Promise.race([
    live.started,
    sleep(FIRST_CONNECTION_WAIT_MS, undefined, { signal: waited.signal }),
  ]).catch(() => undefined);
  waited.abort();
  if (live.isOpen()) log.info({ mode: 'websocket', metricsPort }, 'ingress connected');
  else log.warn({ mode: 'websocket', metricsPort }, 'ingress started; the long connection is not open yet');

  async function shutdown(): Promise<void> {
    await intake.drain();
    await live.close();
    await closeOpsServer(ops);
    await core.close();
    log.info('ingress stopped');
  }
  let closing: Promise<void> | undefined;
  return {
    mode: 'websocket',
    metricsPort,
    registry,
    isConnected: live.isOpen,
    gaveUp: live.gaveUp,
    close: () => (closing ??= shutdown()),
  };
}
