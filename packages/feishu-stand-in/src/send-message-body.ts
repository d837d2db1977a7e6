import { z } from 'zod';

/**
 * The query and body of `POST /open-apis/im/v1/messages`.
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message/create
 */

export const ReceiveIdType = z.enum(['chat_id', 'open_id', 'user_id', 'union_id', 'email']);
export type ReceiveIdType = z.infer<typeof ReceiveIdType>;

export const MsgType = z.enum([
  'text',
  'post',
  'interactive',
  'image',
  'file',
  'audio',
  'media',
  'sticker',
  'share_chat',
  'share_user',
  'system',
]);
export type MsgType = z.infer<typeof MsgType>;

export const SendMessageBody = z.object({
  receive_id: z.string().min(1),
  msg_type: MsgType,
  /** The message itself, as a JSON string (not an object). */
  content: z.string(),
  /** Requests with the same uuid send at most one message per hour. */
  uuid: z.string().max(50).optional(),
});
export type SendMessageBody = z.infer<typeof SendMessageBody>;
