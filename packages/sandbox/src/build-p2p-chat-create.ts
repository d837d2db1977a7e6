import type { P2pChatIds } from './fresh-ids.js';

export interface P2pChatCreateInput {
  readonly ids: P2pChatIds;
  readonly userName: string;
  readonly appId: string;
  readonly tenantKey: string;
  readonly verificationToken: string;
  /** When the event happened; Feishu writes it as seconds with a fraction. */
  readonly nowMs: number;
}

/**
 * A v1 `p2p_chat_create` envelope, field for field the sample of the event's documentation page:
 * https://open.feishu.cn/document/server-docs/group/chat-member/event/bot-events
 */
export function buildP2pChatCreate(input: P2pChatCreateInput): Record<string, unknown> {
  const { ids } = input;
  return {
    ts: (input.nowMs / 1000).toFixed(7),
    uuid: ids.eventId,
    token: input.verificationToken,
    type: 'event_callback',
    event: {
      app_id: input.appId,
      chat_id: ids.chatId,
      // The user opened the chat, so they are its operator too.
      operator: { open_id: ids.openId, user_id: ids.userId },
      tenant_key: input.tenantKey,
      type: 'p2p_chat_create',
      user: { name: input.userName, open_id: ids.openId, user_id: ids.userId },
    },
  };
}
