import { z } from 'zod';

/**
 * The onboarding message file: `{ "msg_type": "text" | "post" | "interactive", "content": { … } }`,
 * `content` as Feishu's send-message API takes it (before it is turned into a JSON string).
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message-content-description/create_json
 */
const TextContent = z.object({ text: z.string().min(1) }).loose();

const PostLocale = z.object({ title: z.string().optional(), content: z.array(z.array(z.unknown())) }).loose();
const PostContent = z
  .record(z.string(), PostLocale)
  .refine((locales) => Object.keys(locales).length > 0, 'needs at least one locale, such as zh_cn or en_us');

// A card-builder template, or a card written out in full.
const CardTemplate = z.object({
  type: z.literal('template'),
  data: z.object({ template_id: z.string().min(1) }).loose(),
});
const InteractiveContent = z.union([CardTemplate, z.record(z.string(), z.unknown())]);

export const MessageTemplate = z.discriminatedUnion('msg_type', [
  z.object({ msg_type: z.literal('text'), content: TextContent }),
  z.object({ msg_type: z.literal('post'), content: PostContent }),
  z.object({ msg_type: z.literal('interactive'), content: InteractiveContent }),
]);
export type MessageTemplate = z.infer<typeof MessageTemplate>;

/**
 * Feishu's size limits on `content`: 150 KB for text, 30 KB for post and cards.
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message/create
 */
export const CONTENT_LIMIT_BYTES: Record<MessageTemplate['msg_type'], number> = {
  text: 150 * 1024,
  post: 30 * 1024,
  interactive: 30 * 1024,
};

/** Used when `ONBOARDING_MESSAGE` is unset: greets the user by name. */
export const BUILT_IN_MESSAGE: MessageTemplate = {
  msg_type: 'text',
  content: {
    text: 'Hi {{user.name}} 👋 Welcome! I am here to help you get started: send me a message any time.',
  },
};
