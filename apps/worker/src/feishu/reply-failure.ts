import { classifyReply } from './classify-reply.js';
import { FeishuApiError } from './feishu-api-error.js';
import type { FeishuHttpReply } from './feishu-http.js';

/** Without `x-ogw-ratelimit-reset`, wait this long after a throttled reply. */
const DEFAULT_THROTTLE_WAIT_MS = 1_000;

/** The error for a reply that is not a success (HTTP 2xx with `code: 0`); `undefined` for a success. */
export function replyFailure(reply: FeishuHttpReply): FeishuApiError | undefined {
  const rawCode = reply.body?.['code'];
  const code = typeof rawCode === 'number' ? rawCode : undefined;
  if (reply.httpStatus >= 200 && reply.httpStatus < 300 && code === 0) return undefined;
  const kind = classifyReply(reply.httpStatus, code);
  const rawMsg = reply.body?.['msg'];
  return new FeishuApiError({
    kind,
    httpStatus: reply.httpStatus,
    code,
    msg: typeof rawMsg === 'string' ? rawMsg : reply.body ? 'no msg' : 'reply was not JSON',
    logId: reply.logId,
    retryAfterMs:
      kind === 'throttled' ? (reply.rateLimitResetS ?? DEFAULT_THROTTLE_WAIT_MS / 1000) * 1000 : undefined,
  });
}
