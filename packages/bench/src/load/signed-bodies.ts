import { randomBytes } from 'node:crypto';
import { computeSignature, deriveKey, encryptEvent } from '@feishu-welcome/shared';
import { TEST_APP, makeUser, p2pChatCreate } from '@feishu-welcome/testing';

/** One push as Feishu sends it when an Encrypt Key is set: the exact body and its signature headers. */
export interface SignedPush {
  readonly body: string;
  readonly headers: Record<string, string>;
}

/**
 * `count` `p2p_chat_create` pushes, each for a new user with its own event id (`uuid`), encrypted and
 * signed over the exact body bytes. Made before a run so that their cost is not measured; the timestamp
 * is now, so a run must start within Feishu-style ±5 min tolerance of it.
 * Source: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export function makeSignedPushes(count: number, encryptKey: string = TEST_APP.encryptKey): SignedPush[] {
  const key = deriveKey(encryptKey);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const pushes: SignedPush[] = new Array<SignedPush>(count);
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify({ encrypt: encryptEvent(JSON.stringify(p2pChatCreate(makeUser())), key) });
    const nonce = randomBytes(8).toString('hex');
    pushes[i] = {
      body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-lark-request-timestamp': timestamp,
        'x-lark-request-nonce': nonce,
        'x-lark-signature': computeSignature(timestamp, nonce, encryptKey, Buffer.from(body)),
      },
    };
  }
  return pushes;
}
