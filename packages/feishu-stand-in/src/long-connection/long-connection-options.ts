import type { WsClientConfig } from '@feishu-welcome/shared';

/**
 * How the long-connection (WebSocket) side behaves; every field may be left out. The defaults are
 * Feishu's: https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/request-url-configuration-case
 */
export interface LongConnectionOptions {
  /** `PingInterval` of the client configuration, in seconds. @defaultValue `120` */
  pingIntervalSeconds?: number;
  /** `ReconnectCount` of the client configuration; -1: without end. @defaultValue `-1` */
  reconnectCount?: number;
  /** `ReconnectInterval` of the client configuration, in seconds. @defaultValue `120` */
  reconnectIntervalSeconds?: number;
  /** `ReconnectNonce` of the client configuration: the random wait before a reconnect, in seconds. @defaultValue `30` */
  reconnectNonceSeconds?: number;
  /** A push not acknowledged with code 200 within this is a failed attempt. @defaultValue `3000` */
  ackTimeoutMs?: number;
  /**
   * After a failed attempt the next one waits the next of these; after the last, the delivery is given
   * up. Feishu's schedule for events: 15 s, 5 min, 1 h, 6 h.
   * @defaultValue `[15000, 300000, 3600000, 21600000]`
   */
  repushDelaysMs?: readonly number[];
  /** Connections one app may hold open; the endpoint refuses more with 1000040350. @defaultValue `50` */
  maxConnections?: number;
}

/** The long-connection options with every default applied. */
export interface LongConnectionSettings {
  readonly clientConfig: WsClientConfig;
  readonly ackTimeoutMs: number;
  readonly repushDelaysMs: readonly number[];
  readonly maxConnections: number;
}

export const FEISHU_REPUSH_DELAYS_MS: readonly number[] = [15_000, 300_000, 3_600_000, 21_600_000];

export function resolveLongConnection(options: LongConnectionOptions = {}): LongConnectionSettings {
  return {
    clientConfig: {
      PingInterval: options.pingIntervalSeconds ?? 120,
      ReconnectCount: options.reconnectCount ?? -1,
      ReconnectInterval: options.reconnectIntervalSeconds ?? 120,
      ReconnectNonce: options.reconnectNonceSeconds ?? 30,
    },
    ackTimeoutMs: options.ackTimeoutMs ?? 3_000,
    repushDelaysMs: [...(options.repushDelaysMs ?? FEISHU_REPUSH_DELAYS_MS)],
    maxConnections: options.maxConnections ?? 50,
  };
}
