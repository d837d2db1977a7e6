import { classifyReply } from './classify-reply.js';
import { FeishuApiError } from './feishu-api-error.js';
import type { FeishuHttpReply } from './post-feishu.js';

/** Without a usable `x-ogw-ratelimit-reset`, wait this long after a throttled reply: one second window. */
export const DEFAULT_THROTTLE_WAIT_MS = 1_000;
/**
 * The longest wait a throttled reply can ask for. Feishu's widest IM window is a minute, so a longer
 * `x-ogw-ratelimit-reset` is not Feishu's (a proxy's, or garbage) and must not stall every sender.
 * Source: https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control
 */
export const MAX_THROTTLE_WAIT_MS = 60_000;

/** The error for a reply that is not a success (HTTP 2xx with `code: 0`); `undefined` for a success. */
export function replyFailure(reply: FeishuHttpReply): FeishuApiError | undefined {
  const rawCode = reply.body?.['code'];
  const code = typeof rawCode === 'number' ? rawCode : undefined;
  // fetch never resolves a status under 200 (informational replies are not responses), so < 300 is 2xx.
  if (reply.httpStatus < 300 && code === 0) return undefined;
  const kind = classifyReply(reply.httpStatus, code);
  const rawMsg = reply.body?.['msg'];
  return new FeishuApiError({
    kind,
    httpStatus: reply.httpStatus,
    code,
    msg: typeof rawMsg === 'string' ? rawMsg : reply.body ? 'no msg' : 'reply was not JSON',
    logId: reply.logId,
    retryAfterMs: kind === 'throttled' ? throttleWaitMs(reply.rateLimitResetS) : undefined,
  });
}

function throttleWaitMs(resetS: number | undefined): number {
  if (resetS === undefined) return DEFAULT_THROTTLE_WAIT_MS;
  return Math.min(resetS * 1000, MAX_THROTTLE_WAIT_MS);
}
