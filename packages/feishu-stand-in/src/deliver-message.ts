import { FeishuCode } from './feishu-codes.js';
import { chatIdFor, newMessageId } from './feishu-ids.js';
import type { FeishuReply } from './feishu-reply.js';
import type { SendRequest } from './parse-send-request.js';
import type { StandInState } from './stand-in-state.js';
import type { TokenHolder } from './token-book.js';

export interface Delivery {
  readonly reply: FeishuReply;
  readonly outcome: 'delivered' | 'deduplicated';
  readonly messageId: string;
}

/**
 * Delivers a valid, admitted send, unless its uuid was used in the last hour: then the first answer
 * is given again and nothing new is delivered.
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message/create (response body, `uuid`)
 */
export function deliverMessage(state: StandInState, holder: TokenHolder, request: SendRequest): Delivery {
  const { appId, tenantKey } = holder;
  const { counters, settings, store } = state;
  // Feishu dedupes per app; the key keeps two sandbox apps from sharing uuids.
  const uuidKey = request.uuid === undefined ? undefined : `${appId}\n${request.uuid}`;
  const earlier = uuidKey === undefined ? undefined : store.earlierSend(uuidKey);
  if (earlier !== undefined) {
    counters.deduplicated += 1;
    return { reply: earlier.reply, outcome: 'deduplicated', messageId: earlier.messageId };
  }

  const nowMs = settings.now();
  const messageId = newMessageId();
  const chatId = chatIdFor(appId, request.receiveIdType, request.receiveId);
  const data = {
    message_id: messageId,
    chat_id: chatId,
    msg_type: request.msgType,
    create_time: String(nowMs),
    update_time: String(nowMs),
    deleted: false,
    updated: false,
    sender: { id: appId, id_type: 'app_id', sender_type: 'app', tenant_key: tenantKey },
    body: { content: request.contentRaw },
  };
  const reply: FeishuReply = { status: 200, body: { code: FeishuCode.OK, msg: 'success', data } };
  store.record(
    {
      message_id: messageId,
      receive_id: request.receiveId,
      receive_id_type: request.receiveIdType,
      chat_id: chatId,
      app_id: appId,
      msg_type: request.msgType,
      content: request.content,
      content_raw: request.contentRaw,
      uuid: request.uuid ?? null,
      received_at: nowMs,
      tenant_key: tenantKey,
    },
    reply,
    uuidKey,
  );
  counters.delivered += 1;
  settings.log?.info(
    {
      messageId,
      receiveId: request.receiveId,
      receiveIdType: request.receiveIdType,
      msgType: request.msgType,
    },
    'message delivered',
  );
  return { reply, outcome: 'delivered', messageId };
}
