import { randomBytes, randomUUID } from 'node:crypto';

/** The ids one `p2p_chat_create` push carries, each in Feishu's format. */
export interface P2pChatIds {
  /** The envelope's `uuid`: 32 hex digits, Feishu's event id for v1 pushes. */
  readonly eventId: string;
  /** `ou_` + 32 hex digits. */
  readonly openId: string;
  /** 8 characters, as self-built apps receive it. */
  readonly userId: string;
  /** `oc_` + 32 hex digits: the user's 1:1 chat with the bot, where the welcome goes. */
  readonly chatId: string;
}

/** Ids no earlier test event used, so every run is a first chat with a new user. */
export function freshIds(): P2pChatIds {
  const user = randomBytes(16).toString('hex');
  return {
    eventId: randomUUID().replaceAll('-', ''),
    openId: `ou_${user}`,
    userId: user.slice(0, 8),
    chatId: `oc_${randomBytes(16).toString('hex')}`,
  };
}
