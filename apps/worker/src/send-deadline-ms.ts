import type { FeishuAppType } from '@feishu-welcome/shared';

/** Room around the Feishu calls of one send: Redis round trips, the event loop, GC pauses. */
const SEND_DEADLINE_SLACK_MS = 5_000;

/**
 * The most Feishu calls one send makes. A self-built app: a token fetch and the send, twice when
 * Feishu refuses the token (4). A store app: the app_access_token and the tenant_access_token, both
 * again when the tenant token call refuses the app token, the send, then the tenant token and the send
 * again when Feishu refuses the tenant token (7).
 */
const CALLS_PER_SEND: Readonly<Record<FeishuAppType, number>> = { 'self-built': 4, store: 7 };

/**
 * The longest one send may take while every Feishu call keeps to `FEISHU_TIMEOUT_MS`:
 * {@link CALLS_PER_SEND} calls plus {@link SEND_DEADLINE_SLACK_MS}. A send still running after this is
 * abandoned and its job retried with backoff; a worker whose sends have gone unanswered this long says
 * so on `/readyz`.
 *
 * The limiter's waits are not part of it: they are the queue's pace, not a hang (a backlog under a
 * low `SEND_RATE_PER_MINUTE` keeps jobs waiting for minutes, rightly), and a Redis that stops
 * answering shows on `/readyz` already.
 */
export function sendDeadlineMs(feishuTimeoutMs: number, appType: FeishuAppType): number {
  return CALLS_PER_SEND[appType] * feishuTimeoutMs + SEND_DEADLINE_SLACK_MS;
}
