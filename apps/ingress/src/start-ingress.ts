import type { Logger } from '@feishu-welcome/shared';
import { createIngressCore } from './ingress-core.js';
import type { IngressConfig } from './ingress-config.js';
import {
  startWebsocketIngress,
  type LongConnectionDeps,
  type RunningWebsocketIngress,
} from './long-connection/start-websocket-ingress.js';
import { startWebhookIngress, type RunningWebhookIngress } from './start-webhook-ingress.js';

export type { RunningWebhookIngress, RunningWebsocketIngress, LongConnectionDeps };

/** What the ingress takes from outside besides its configuration; every field may be left out. */
export interface IngressDeps {
  /** @defaultValue a logger on stdout at `config.logLevel` */
  readonly log?: Logger;
  /** The clock for signatures' timestamp window and jobs' `receivedAt`, in Unix ms. @defaultValue `Date.now` */
  readonly now?: () => number;
  /** The public server's limit on slow clients (webhook mode). @defaultValue `REQUEST_TIMEOUT_MS` */
  readonly requestTimeoutMs?: number;
  /** The long connection's own timings and limits (websocket mode). @defaultValue the product's */
  readonly longConnection?: LongConnectionDeps;
}

/** The running ingress of one intake mode; the webhook's has a public URL, the long connection's a state. */
export type RunningIngress<M extends IngressConfig['mode'] = IngressConfig['mode']> = Extract<
  RunningWebhookIngress | RunningWebsocketIngress,
  { readonly mode: M }
>;

/**
 * The ingress: events from Feishu, by webhook or by long connection (`config.mode`), each stored in the
 * queue before it is acknowledged; and its ops port.
 */
export async function startIngress<C extends IngressConfig>(
  config: C,
  deps: IngressDeps = {},
): Promise<RunningIngress<C['mode']>> {
  const core = createIngressCore(config, deps.log);
  const now = deps.now ?? Date.now;
  const running =
    config.mode === 'webhook'
      ? await startWebhookIngress(config, core, { now, requestTimeoutMs: deps.requestTimeoutMs })
      : await startWebsocketIngress(config, core, { now, longConnection: deps.longConnection });
  return running as RunningIngress<C['mode']>;
}
