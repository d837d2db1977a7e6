import type { WsClientConfig } from '@feishu-welcome/shared';

/** Feishu's defaults, used until its endpoint or a pong says otherwise (seconds). */
export const DEFAULT_CLIENT_CONFIG: WsClientConfig = {
  PingInterval: 120,
  ReconnectCount: -1,
  ReconnectInterval: 120,
  ReconnectNonce: 30,
};

/** The first retry after a drop waits at most this much jitter, so replicas cut off together spread out. */
const FIRST_ATTEMPT_JITTER_MS = 1_000;
const BACKOFF_BASE_MS = 1_000;

/**
 * How long to wait before reconnect attempt `attempt` (1 for the first after a drop or a failed start).
 *
 * The policy: the first attempt goes promptly, after up to 1 s of jitter (less if the server's
 * `ReconnectNonce` is smaller); each later one doubles from 1 s up to the server's `ReconnectInterval`
 * (1 s when that is 0), plus the same jitter. The SDK instead waits a random `ReconnectNonce` (up to
 * 30 s) before even the first attempt, which leaves a replica deaf for that long after every drop. The
 * server's `ReconnectCount` bounds the attempts (-1: no bound); the caller counts them.
 */
export function reconnectDelayMs(attempt: number, config: WsClientConfig, random: () => number): number {
  const jitter = random() * Math.min(FIRST_ATTEMPT_JITTER_MS, config.ReconnectNonce * 1_000);
  if (attempt <= 1) return jitter;
  const backoff = BACKOFF_BASE_MS * 2 ** Math.min(attempt - 2, 30);
  // A ReconnectInterval of 0 would ask a failing endpoint again at once, in a loop: 1 s at the least.
  return Math.min(backoff, Math.max(config.ReconnectInterval * 1_000, BACKOFF_BASE_MS)) + jitter;
}

/** Whether the server's `ReconnectCount` still allows attempt number `attempt`. */
export function mayReconnect(attempt: number, config: WsClientConfig): boolean {
  return config.ReconnectCount < 0 || attempt <= config.ReconnectCount;
}
