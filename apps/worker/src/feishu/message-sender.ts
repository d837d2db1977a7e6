import { FeishuApiError } from './feishu-api-error.js';
import { postFeishu, type FeishuFetch, type FeishuHttpReply } from './post-feishu.js';
import { replyFailure } from './reply-failure.js';
import type { TenantTokenSource } from './tenant-token-source.js';

export interface OutgoingMessage {
  readonly receiveIdType: 'chat_id' | 'open_id';
  readonly receiveId: string;
  readonly msgType: 'text' | 'post' | 'interactive';
  /** The JSON string Feishu expects in `content`. */
  readonly content: string;
  /** Feishu sends at most one message per uuid per hour (≤ 50 characters). */
  readonly uuid: string;
  /** The tenant whose token sends it (a store app has one per tenant); not sent to Feishu. */
  readonly tenantKey: string;
}

export interface SentMessage {
  readonly messageId: string;
  readonly logId: string | undefined;
}

export interface MessageSender {
  /**
   * Sends one message; throws `FeishuApiError` (kind throttled, transient or permanent) otherwise.
   * `signal` abandons the call (the worker is shutting down).
   */
  send(message: OutgoingMessage, signal?: AbortSignal): Promise<SentMessage>;
}

/**
 * `POST /open-apis/im/v1/messages`. A refused token is dropped and the send tried once more with a
 * fresh one; every other failure goes back to the caller, classified.
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message/create
 */
export function createMessageSender(options: {
  baseUrl: string;
  tokens: TenantTokenSource;
  fetch: FeishuFetch;
  timeoutMs: number;
}): MessageSender {
  async function attempt(message: OutgoingMessage, signal: AbortSignal | undefined) {
    const token = await options.tokens.get(message.tenantKey);
    const reply = await postFeishu(
      options.fetch,
      `${options.baseUrl}/open-apis/im/v1/messages?receive_id_type=${message.receiveIdType}`,
      {
        receive_id: message.receiveId,
        msg_type: message.msgType,
        content: message.content,
        uuid: message.uuid,
      },
      { timeoutMs: options.timeoutMs, token, signal },
    );
    return { token, reply, failure: replyFailure(reply) };
  }

  return {
    async send(message, signal) {
      let result = await attempt(message, signal);
      if (result.failure?.kind === 'token') {
        options.tokens.invalidate(message.tenantKey, result.token);
        result = await attempt(message, signal);
      }
      if (result.failure) throw result.failure;
      return { messageId: sentMessageId(result.reply), logId: result.reply.logId };
    },
  };
}

/**
 * `data.message_id` of a success reply. A success without one cannot be recorded as the welcome: it is
 * a transient failure, and the retry, under the same uuid, gets the first send's answer.
 */
function sentMessageId(reply: FeishuHttpReply): string {
  // Only called for a success, which has a JSON body: `?.` is for the type checker.
  // Stryker disable next-line OptionalChaining: equivalent
  const data = reply.body?.['data'];
  const messageId =
    typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['message_id'] : undefined;
  if (typeof messageId === 'string' && messageId !== '') return messageId;
  throw new FeishuApiError({
    kind: 'transient',
    httpStatus: reply.httpStatus,
    code: 0,
    msg: 'success reply without a message_id',
    logId: reply.logId,
    retryAfterMs: undefined,
  });
}
