import { runWithDeadline, type WsClientConfig } from '@feishu-welcome/shared';
import { z } from 'zod';
import { feishuRefusal } from './feishu-refusal.js';
import { LongConnectionRefusedError } from './long-connection-refused-error.js';
import { pickClientConfig } from './read-client-config.js';

/**
 * Codes after which asking again can help: busy, the internal error, and the Open API gateway's rate
 * limit (replicas reconnecting together). Feishu's own clients (the SDKs' `ws` clients) treat every other
 * non-zero code as final, and so does this.
 */
const RETRIED_CODES: ReadonlySet<number> = new Set([1, 1000040343, 99991400]);

const EndpointReply = z.object({ code: z.number() });
/** A ws: or wss: URL that parses: a port out of range or a broken host would throw where it is opened. */
const WsUrl = z
  .string()
  .regex(/^wss?:\/\/[^\s]+$/)
  .refine((url) => URL.canParse(url));
const EndpointData = z.object({ data: z.object({ URL: WsUrl, ClientConfig: z.unknown() }) });

/** Feishu's reply is a few hundred bytes; a longer one is not read past this. */
const MAX_REPLY_BYTES = 64 * 1024;

/** What the endpoint answered: a URL to connect to, or why not now (retry), or never (refused). */
export type EndpointAnswer =
  | { readonly kind: 'url'; readonly url: string; readonly config: Partial<WsClientConfig> }
  | { readonly kind: 'retry'; readonly code?: number; readonly cause?: unknown }
  | { readonly kind: 'refused'; readonly error: LongConnectionRefusedError };

export interface EndpointRequest {
  readonly baseUrl: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
  /** Aborts the request (shutdown). */
  readonly signal?: AbortSignal;
}

/**
 * Asks Feishu where to open the long connection. The URL carries a one-time ticket, so it is asked for
 * before every connection and never logged.
 * Source: https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/request-url-configuration-case
 */
export async function requestWsEndpoint(request: EndpointRequest): Promise<EndpointAnswer> {
  let body: unknown;
  let status: number;
  try {
    // The deadline covers the body too, and is a plain timer: `AbortSignal.any` over
    // `AbortSignal.timeout` can be garbage-collected before it fires, and the ask then never ends.
    ({ status, body } = await runWithDeadline(
      request.timeoutMs,
      async (signal) => {
        const response = await request.fetch(`${request.baseUrl}/callback/ws/endpoint`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', locale: 'zh' },
          body: JSON.stringify({ AppID: request.appId, AppSecret: request.appSecret }),
          signal,
        });
        return { status: response.status, body: await readJson(response) };
      },
      request.signal,
    ));
  } catch (cause) {
    return { kind: 'retry', cause };
  }
  if (body === TOO_LARGE)
    return { kind: 'retry', cause: `HTTP ${status}, a reply larger than ${MAX_REPLY_BYTES} bytes` };
  const reply = EndpointReply.safeParse(body);
  if (!reply.success) return { kind: 'retry', cause: `HTTP ${status}, unreadable reply` };
  const { code } = reply.data;
  const refusal = feishuRefusal(code);
  if (refusal !== undefined) return { kind: 'refused', error: refusal };
  if (code !== 0 && !RETRIED_CODES.has(code) && status >= 200 && status < 300) {
    const message = `Feishu refused the long connection with code ${code}: check the app's event subscription (使用长连接接收事件), FEISHU_APP_ID and FEISHU_DOMAIN`;
    return { kind: 'refused', error: new LongConnectionRefusedError(message, code) };
  }
  const answer = EndpointData.safeParse(body);
  if (code !== 0 || status >= 300) return { kind: 'retry', code, cause: `HTTP ${status}` };
  if (!answer.success) return { kind: 'retry', code, cause: `HTTP ${status}, no usable URL in the reply` };
  const { URL: url, ClientConfig: config } = answer.data.data;
  return { kind: 'url', url, config: pickClientConfig(config) };
}

const TOO_LARGE = Symbol('too large');

/** The reply's JSON; `undefined` when it is not JSON, {@link TOO_LARGE} past {@link MAX_REPLY_BYTES}. */
async function readJson(response: Response): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  try {
    for (;;) {
      const chunk = await reader?.read();
      if (chunk === undefined || chunk.done) break;
      bytes += chunk.value.length;
      if (bytes > MAX_REPLY_BYTES) {
        await reader?.cancel();
        return TOO_LARGE;
      }
      chunks.push(chunk.value);
    }
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
