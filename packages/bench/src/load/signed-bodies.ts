import { type FeishuPush, TEST_APP, encryptedPush, makeUser, p2pChatCreate } from '@feishu-welcome/dev-kit';

/**
 * `count` `p2p_chat_create` pushes, each for a new user with its own event id (`uuid`), encrypted and
 * signed over the exact body bytes as Feishu sends them. Made before a run so that their cost is not
 * measured; the timestamp is now, so a run must start within Feishu-style ±5 min tolerance of it.
 * Source: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export function makeSignedPushes(count: number, encryptKey: string = TEST_APP.encryptKey): FeishuPush[] {
  const timestampS = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, () =>
    encryptedPush(p2pChatCreate(makeUser()), { encryptKey, timestampS }),
  );
}
