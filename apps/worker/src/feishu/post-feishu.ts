import { runWithDeadline } from '@feishu-welcome/shared';
import { unansweredCallError } from './feishu-api-error.js';

export interface FeishuHttpReply {
  readonly httpStatus: number;
  /** The parsed JSON body; `undefined` when the body was not JSON. */
  readonly body: Record<string, unknown> | undefined;
  readonly logId: string | undefined;
  /** `x-ogw-ratelimit-reset`, in seconds, when Feishu throttled the call. */
  readonly rateLimitResetS: number | undefined;
}

export type FeishuFetch = (input: string, init: RequestInit) => Promise<Response>;

/**
 * POSTs JSON to a Feishu endpoint with a hard timeout on the whole call, body included. A reply of any
 * status resolves; only a call that got no reply (timeout, refused, reset) rejects, with a transient
 * `FeishuApiError`.
 * The official SDK (https://github.com/larksuite/node-sdk) has no timeout by default and throws on
 * HTTP ≥ 400 without the headers we need (https://open.feishu.cn/document/server-docs/im-v1/message/create: `X-Tt-Logid`; https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control: `x-ogw-ratelimit-reset`),
 * hence this small client.
 */
export async function postFeishu(
  fetchFn: FeishuFetch,
  url: string,
  body: unknown,
  options: { timeoutMs: number; token?: string; signal?: AbortSignal | undefined },
): Promise<FeishuHttpReply> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  let response: Response;
  let text: string;
  try {
    // The deadline covers the body too: a reply whose headers come but whose body never ends is no reply.
    ({ response, text } = await runWithDeadline(
      options.timeoutMs,
      async (signal) => {
        const reply = await fetchFn(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
        return { response: reply, text: await reply.text() };
      },
      options.signal,
    ));
  } catch (cause) {
    const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
    throw unansweredCallError(timedOut ? `no answer within ${options.timeoutMs} ms` : 'network error', cause);
  }
  const reset = Number(response.headers.get('x-ogw-ratelimit-reset'));
  return {
    httpStatus: response.status,
    body: parseObject(text),
    logId: response.headers.get('x-tt-logid') ?? undefined,
    rateLimitResetS: Number.isFinite(reset) && reset > 0 ? reset : undefined,
  };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
