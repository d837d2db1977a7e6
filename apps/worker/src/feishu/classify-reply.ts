import type { FeishuFailureKind } from './feishu-api-error.js';

/**
 * Feishu's error codes, grouped by what to do about them.
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message/create (error codes) and
 * https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control
 */
const THROTTLED_CODE = 99991400;
// Typed to take `undefined` (a reply without a code), which is in neither.
const TOKEN_CODES: ReadonlySet<number | undefined> = new Set([99991661, 99991663, 99991664, 99991665]);
const RETRYABLE_CODES: ReadonlySet<number | undefined> = new Set([
  230020, // frequency limit on the receiver
  230049, // message being sent (a request with the same uuid is in flight)
]);

/**
 * What a non-success reply means. Anything not known to be worth retrying is permanent: it fails the
 * job at once, with its code in the dashboard, where a person can retry it after fixing the cause.
 */
export function classifyReply(httpStatus: number, code: number | undefined): FeishuFailureKind {
  if (httpStatus === 429 || code === THROTTLED_CODE) return 'throttled';
  if (TOKEN_CODES.has(code)) return 'token';
  if (RETRYABLE_CODES.has(code)) return 'transient';
  if (httpStatus >= 500) return 'transient';
  return 'permanent';
}
