import type { FeishuReply } from './feishu-reply.js';
import type { MsgType, ReceiveIdType } from './send-message-body.js';

/**
 * "Requests with the same uuid send at most one message per hour", counted from the first send.
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message/create
 */
const UUID_WINDOW_MS = 60 * 60 * 1000;

/** A message the stand-in delivered, as a test or a user reads it back. */
export interface DeliveredMessage {
  readonly message_id: string;
  readonly receive_id: string;
  readonly receive_id_type: ReceiveIdType;
  readonly chat_id: string;
  /** The app whose token sent it. */
  readonly app_id: string;
  readonly msg_type: MsgType;
  /** `content` parsed. */
  readonly content: Record<string, unknown>;
  /** `content` exactly as sent. */
  readonly content_raw: string;
  readonly uuid: string | null;
  readonly received_at: number;
  /** The tenant whose token sent it. */
  readonly tenant_key: string;
}

/** The first send under a uuid: what it was answered, and the message it made. */
export interface EarlierSend {
  readonly reply: FeishuReply;
  readonly messageId: string;
}

interface UuidRecord extends EarlierSend {
  readonly atMs: number;
}

/** The delivered messages, and the answer each uuid got, for an hour; the clock is injected. */
export class MessageStore {
  #messages: DeliveredMessage[] = [];
  readonly #byUuid = new Map<string, UuidRecord>();

  constructor(
    private readonly keep: number,
    private readonly now: () => number,
  ) {}

  /** The send made under this uuid within the last hour, if any. */
  earlierSend(uuidKey: string): EarlierSend | undefined {
    this.#forgetOldUuids();
    return this.#byUuid.get(uuidKey);
  }

  record(message: DeliveredMessage, reply: FeishuReply, uuidKey: string | undefined): void {
    this.#messages.push(message);
    if (this.#messages.length > this.keep * 1.5) this.#messages = this.#messages.slice(-this.keep);
    if (uuidKey === undefined) return;
    // Re-inserting keeps the map in first-send order, which #forgetOldUuids relies on.
    this.#byUuid.delete(uuidKey);
    this.#byUuid.set(uuidKey, { reply, messageId: message.message_id, atMs: this.now() });
  }

  list(): readonly DeliveredMessage[] {
    return this.#messages.slice(-this.keep);
  }

  clear(): void {
    this.#messages = [];
    this.#byUuid.clear();
  }

  #forgetOldUuids(): void {
    const edge = this.now() - UUID_WINDOW_MS;
    for (const [key, record] of this.#byUuid) {
      if (record.atMs > edge) return;
      this.#byUuid.delete(key);
    }
  }
}
