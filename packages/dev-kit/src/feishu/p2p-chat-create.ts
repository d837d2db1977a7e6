import { freshEventId } from './fresh-event-id.js';
import type { FeishuUser } from './make-user.js';
import { TEST_APP } from './test-app.js';

export interface P2pChatCreateOverrides {
  readonly uuid?: string;
  /** When Feishu sent it: seconds with a fraction. */
  readonly ts?: string;
  readonly token?: string;
  readonly appId?: string;
  readonly chatId?: string;
  readonly tenantKey?: string;
}

/**
 * A v1 `p2p_chat_create` push, field for field the sample of the event's documentation page, the user
 * being its operator too: https://open.feishu.cn/document/server-docs/group/chat-member/event/bot-events
 */
export function p2pChatCreate(
  user: FeishuUser,
  overrides: P2pChatCreateOverrides = {},
): Record<string, unknown> {
  return {
    ts: overrides.ts ?? '1502199207.7171419',
    uuid: overrides.uuid ?? freshEventId(),
    token: overrides.token ?? TEST_APP.verificationToken,
    type: 'event_callback',
    event: {
      app_id: overrides.appId ?? TEST_APP.appId,
      chat_id: overrides.chatId ?? `oc_${user.openId.slice(3)}`,
      operator: { open_id: user.openId, user_id: user.userId },
      tenant_key: overrides.tenantKey ?? TEST_APP.tenantKey,
      type: 'p2p_chat_create',
      user: { name: user.name, open_id: user.openId, user_id: user.userId },
    },
  };
}
