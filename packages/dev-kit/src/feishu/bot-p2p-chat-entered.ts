import { freshEventId } from './fresh-event-id.js';
import type { FeishuUser } from './make-user.js';
import { TEST_APP } from './test-app.js';

/**
 * A v2 `im.chat.access_event.bot_p2p_chat_entered_v1` push:
 * https://open.feishu.cn/document/server-docs/im-v1/chat-access-event/events/bot_p2p_chat_entered
 */
export function botP2pChatEntered(
  user: FeishuUser,
  overrides: { eventId?: string; token?: string; appId?: string; eventType?: string } = {},
): Record<string, unknown> {
  return {
    schema: '2.0',
    header: {
      event_id: overrides.eventId ?? freshEventId(),
      event_type: overrides.eventType ?? 'im.chat.access_event.bot_p2p_chat_entered_v1',
      create_time: '1700000000000',
      token: overrides.token ?? TEST_APP.verificationToken,
      app_id: overrides.appId ?? TEST_APP.appId,
      tenant_key: TEST_APP.tenantKey,
    },
    event: {
      chat_id: `oc_${user.openId.slice(3)}`,
      operator_id: { open_id: user.openId, user_id: user.userId, union_id: `on_${user.openId.slice(3)}` },
      last_message_id: '',
      last_message_create_time: '',
    },
  };
}
