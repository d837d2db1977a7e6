import { Counter, Gauge, type Registry } from 'prom-client';

/** What became of an event on the long connection: every one received is then acked or refused. */
export type WsEventStage = 'received' | 'acked' | 'refused';

export interface WsMetrics {
  readonly connection: (state: { readonly open: boolean; readonly reconnect: boolean }) => void;
  readonly event: (stage: WsEventStage) => void;
}

const STAGES: readonly WsEventStage[] = ['received', 'acked', 'refused'];

/**
 * The long connection's own series, registered on `registry` and all at 0 from the start; events'
 * outcomes by kind and reason are in `feishu_ingress_requests_total`, as for the webhook.
 */
export function createWsMetrics(registry: Registry): WsMetrics {
  const connected = new Gauge({
    name: 'feishu_ingress_ws_connected',
    help: "1 while the long connection to Feishu is open, else 0: events wait at Feishu's end",
    registers: [registry],
  });
  const reconnects = new Counter({
    name: 'feishu_ingress_ws_reconnects_total',
    help: 'Long connections opened after the first: each follows one lost',
    registers: [registry],
  });
  const events = new Counter({
    name: 'feishu_ingress_ws_events_total',
    help: 'Events on the long connection: received (joined), acked (200 sent) and refused (another code)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  connected.set(0);
  reconnects.inc(0);
  const byStage = new Map(STAGES.map((stage) => [stage, events.labels({ outcome: stage })]));
  for (const child of byStage.values()) child.inc(0);
  return {
    connection({ open, reconnect }) {
      connected.set(open ? 1 : 0);
      if (reconnect) reconnects.inc();
    },
    event: (stage) => byStage.get(stage)?.inc(),
  };
}
