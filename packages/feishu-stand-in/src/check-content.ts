import { FeishuCode } from './feishu-codes.js';
import { isObject } from './json-object.js';
import type { MsgType } from './send-message-body.js';

export type ContentCheck =
  | { readonly ok: true; readonly content: Record<string, unknown> }
  | { readonly ok: false; readonly code: number; readonly msg: string };

const KB = 1024;

/**
 * Text may be up to 150 KB, post and interactive up to 30 KB; longer is 230025.
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message/create
 */
const MAX_BYTES: Partial<Record<MsgType, number>> = { text: 150 * KB, post: 30 * KB, interactive: 30 * KB };

/**
 * The key each media-like type must carry.
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message-content-description/create_json
 */
const REQUIRED_KEY: Partial<Record<MsgType, string>> = {
  image: 'image_key',
  file: 'file_key',
  audio: 'file_key',
  media: 'file_key',
  sticker: 'file_key',
  share_chat: 'chat_id',
  share_user: 'user_id',
  system: 'type',
};

const LOCALE = /^[a-z]{2}_[a-z]{2}$/;
const CARD_KEYS = ['elements', 'i18n_elements', 'body', 'header', 'i18n_header', 'config', 'schema'];

function invalid(msg: string): ContentCheck {
  return { ok: false, code: FeishuCode.INVALID_PARAMS, msg: `invalid content: ${msg}` };
}

/** Rich text: `{zh_cn: {title?, content: [[…]]}, …}`, possibly wrapped in `{post: …}`. */
function isPost(content: Record<string, unknown>): boolean {
  const root = isObject(content['post']) ? content['post'] : content;
  return Object.entries(root).some(
    ([key, value]) => LOCALE.test(key) && isObject(value) && Array.isArray(value['content']),
  );
}

/** A card: raw card JSON, a card-builder template, or a card entity id. */
function isCard(content: Record<string, unknown>): boolean {
  const data = content['data'];
  if (content['type'] === 'template') return isObject(data) && typeof data['template_id'] === 'string';
  if (content['type'] === 'card') return isObject(data) && typeof data['card_id'] === 'string';
  return CARD_KEYS.some((key) => key in content);
}

/** Checks `content` (the JSON string) for a message type the way Feishu does; parses it on success. */
export function checkContent(msgType: MsgType, raw: string): ContentCheck {
  const max = MAX_BYTES[msgType];
  if (max !== undefined && Buffer.byteLength(raw, 'utf8') > max) {
    return {
      ok: false,
      code: FeishuCode.MESSAGE_TOO_LONG,
      msg: `The length of the message content reaches its limit (${max / KB} KB for ${msgType}).`,
    };
  }
  let content: unknown;
  try {
    content = JSON.parse(raw);
  } catch {
    return invalid('content must be a JSON string');
  }
  if (!isObject(content)) return invalid('content must encode a JSON object');

  const requiredKey = REQUIRED_KEY[msgType];
  if (msgType === 'text' && typeof content['text'] !== 'string')
    return invalid('text needs {"text": string}');
  if (msgType === 'post' && !isPost(content)) return invalid('post needs a locale with a content array');
  if (msgType === 'interactive' && !isCard(content)) return invalid('interactive needs a card or a template');
  if (requiredKey !== undefined && typeof content[requiredKey] !== 'string') {
    return invalid(`${msgType} needs {"${requiredKey}": string}`);
  }
  return { ok: true, content };
}
