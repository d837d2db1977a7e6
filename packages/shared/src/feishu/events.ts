import { z } from 'zod';

/**
 * The events the product acts on, as they sit in a job (the envelope without its token).
 * Sources:
 * - p2p_chat_create: https://open.feishu.cn/document/server-docs/group/chat-member/event/bot-events
 * - bot_p2p_chat_entered_v1: https://open.feishu.cn/document/server-docs/im-v1/chat-access-event/events/bot_p2p_chat_entered
 * - app_ticket: https://open.feishu.cn/document/server-docs/application-v6/event/app_ticket-events
 */

export const P2P_CHAT_CREATE = 'p2p_chat_create';
export const BOT_P2P_CHAT_ENTERED = 'im.chat.access_event.bot_p2p_chat_entered_v1';
export const APP_TICKET = 'app_ticket';

const UserIds = z.looseObject({
  open_id: z.string().min(1),
  user_id: z.string().optional(),
  union_id: z.string().optional(),
});

export const P2pChatCreateEnvelope = z.looseObject({
  uuid: z.string().min(1),
  ts: z.string().optional(),
  type: z.literal('event_callback'),
  event: z.looseObject({
    type: z.literal(P2P_CHAT_CREATE),
    app_id: z.string().min(1),
    chat_id: z.string().min(1),
    tenant_key: z.string().min(1),
    // The operator may be the bot itself; the user is who gets welcomed.
    operator: z.looseObject({ open_id: z.string().optional(), user_id: z.string().optional() }).optional(),
    user: UserIds.extend({ name: z.string().default('') }),
  }),
});
export type P2pChatCreateEnvelope = z.infer<typeof P2pChatCreateEnvelope>;

export const BotP2pChatEnteredEnvelope = z.looseObject({
  schema: z.literal('2.0'),
  header: z.looseObject({
    event_id: z.string().min(1),
    event_type: z.literal(BOT_P2P_CHAT_ENTERED),
    create_time: z.union([z.string(), z.number()]).optional(),
    app_id: z.string().min(1),
    tenant_key: z.string().min(1),
  }),
  event: z.looseObject({
    chat_id: z.string().min(1),
    operator_id: UserIds,
    last_message_id: z.string().optional(),
    last_message_create_time: z.string().optional(),
  }),
});
export type BotP2pChatEnteredEnvelope = z.infer<typeof BotP2pChatEnteredEnvelope>;

export const AppTicketEnvelope = z.looseObject({
  uuid: z.string().min(1),
  ts: z.string().optional(),
  type: z.literal('event_callback'),
  event: z.looseObject({
    type: z.literal(APP_TICKET),
    app_id: z.string().min(1),
    app_ticket: z.string().min(1),
  }),
});
export type AppTicketEnvelope = z.infer<typeof AppTicketEnvelope>;
