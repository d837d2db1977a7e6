import { createHash } from 'node:crypto';
import { BOT_P2P_CHAT_ENTERED, P2P_CHAT_CREATE, type FeishuEventJob } from '@feishu-welcome/shared';
import type { MessageVariables } from './message/render-message.js';

/** Who a welcome is for: a user of one tenant of one app. */
export interface WelcomeRecipient {
  readonly appId: string;
  readonly tenantKey: string;
  readonly openId: string;
}

export interface Welcome extends WelcomeRecipient {
  readonly chatId: string;
  readonly name: string | undefined;
  readonly userId: string | undefined;
}

type WelcomeJob = Extract<
  FeishuEventJob,
  { eventType: typeof P2P_CHAT_CREATE | typeof BOT_P2P_CHAT_ENTERED }
>;

/**
 * Who to welcome, and where, from either onboarding trigger.
 * Sources: https://open.feishu.cn/document/server-docs/group/chat-member/event/bot-events (p2p_chat_create)
 * and https://open.feishu.cn/document/server-docs/im-v1/chat-access-event/events/bot_p2p_chat_entered
 */
export function welcomeFor(job: WelcomeJob): Welcome {
  if (job.eventType === P2P_CHAT_CREATE) {
    const { event } = job.envelope;
    return {
      appId: event.app_id,
      tenantKey: event.tenant_key,
      openId: event.user.open_id,
      userId: event.user.user_id,
      name: event.user.name || undefined,
      chatId: event.chat_id,
    };
  }
  const { header, event } = job.envelope;
  return {
    appId: header.app_id,
    tenantKey: header.tenant_key,
    openId: event.operator_id.open_id,
    userId: event.operator_id.user_id,
    // bot_p2p_chat_entered_v1 does not carry the user's name.
    name: undefined,
    chatId: event.chat_id,
  };
}

/**
 * Feishu's send `uuid` for a welcome: the same for every event about the same user, so any two sends
 * of a welcome (a retry after a crash, or two trigger events racing) make at most one message within
 * Feishu's one-hour uuid window. 8 + 40 characters, within Feishu's 50.
 */
export function welcomeUuid(welcome: WelcomeRecipient): string {
  const digest = createHash('sha256')
    .update(`${welcome.appId}\n${welcome.tenantKey}\n${welcome.openId}`)
    .digest('hex');
  return `welcome-${digest.slice(0, 40)}`;
}

/** The placeholders' values; a user whose name Feishu did not send is greeted as "there". */
export function messageVariables(welcome: Welcome): MessageVariables {
  return {
    'user.name': welcome.name ?? 'there',
    'user.open_id': welcome.openId,
    'user.user_id': welcome.userId ?? '',
    tenant_key: welcome.tenantKey,
    chat_id: welcome.chatId,
    app_id: welcome.appId,
  };
}
