import { recogniseBody } from '@feishu-welcome/shared';
import type { IngressOutcome } from '../ingress-outcome.js';
import { storeEvent, type StoreEventDeps } from '../store-event.js';

export interface WsEventDeps extends StoreEventDeps {
  readonly now: () => number;
}

export type WsEventHandler = (payload: Uint8Array) => Promise<IngressOutcome>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The handler of one joined event from the long connection. The connection itself is authenticated by
 * the app's secret, so the payload is plain JSON, the webhook's v1 or v2 envelope with an empty token,
 * and no signature: https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/request-url-configuration-case
 * From there on it is the webhook's path ({@link storeEvent}), with the same outcomes.
 */
export function createWsEventHandler(deps: WsEventDeps): WsEventHandler {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  return async (payload) => {
    const receivedAt = deps.now();
    const value = parseJson(decoder.decode(payload));
    if (value === undefined) return { kind: 'rejected', reason: 'malformed-json' };
    const body = recogniseBody(value);
    if (body?.kind !== 'event') return { kind: 'rejected', reason: 'unknown-envelope' };
    return await storeEvent(body, receivedAt, deps);
  };
}
