/** Room around the Feishu calls of one send: Redis round trips, the event loop, GC pauses. */
const SEND_DEADLINE_SLACK_MS = 5_000;

/**
 * The longest one send may take while every Feishu call keeps to `FEISHU_TIMEOUT_MS`: a token fetch
 * and the send, twice when Feishu refuses the token (4 calls), plus {@link SEND_DEADLINE_SLACK_MS}.
 * A send still running after this is abandoned and its job retried with backoff; a worker whose sends
 * have gone unanswered this long says so on `/readyz`.
 *
 * The limiter's waits are not part of it: they are the queue's pace, not a hang (a backlog under a
 * low `SEND_RATE_PER_MINUTE` keeps jobs waiting for minutes, rightly), and a Redis that stops
 * answering shows on `/readyz` already.
 */
export function sendDeadlineMs(feishuTimeoutMs: number): number {
  return 4 * feishuTimeoutMs + SEND_DEADLINE_SLACK_MS;
}
