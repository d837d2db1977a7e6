import { FeishuCode, RATE_LIMITED_MSG } from './feishu-codes.js';

/** An answer the stand-in gives: HTTP status, JSON body and extra headers. */
export interface FeishuReply {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** When the reply goes out: now, after a delay, or never (the client is left waiting). */
export type Answer =
  | { readonly kind: 'now'; readonly reply: FeishuReply }
  | { readonly kind: 'later'; readonly reply: FeishuReply; readonly delayMs: number }
  | { readonly kind: 'never' };

/** Feishu's error body is `{code, msg}` whatever the HTTP status. */
export function feishuError(
  status: number,
  code: number,
  msg: string,
  headers?: Readonly<Record<string, string>>,
): FeishuReply {
  return headers === undefined ? { status, body: { code, msg } } : { status, body: { code, msg }, headers };
}

/**
 * The gateway's throttling answer: HTTP 429, code 99991400, and how long to wait in
 * `x-ogw-ratelimit-reset` (seconds).
 * Source: https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control
 */
export function throttledReply(limit: number, resetSeconds: number): FeishuReply {
  return feishuError(429, FeishuCode.RATE_LIMITED, RATE_LIMITED_MSG, {
    'x-ogw-ratelimit-limit': String(limit),
    'x-ogw-ratelimit-reset': String(resetSeconds),
  });
}
