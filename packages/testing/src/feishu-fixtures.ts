import { randomBytes, randomUUID } from 'node:crypto';
import { computeSignature, deriveKey, encryptEvent } from '@feishu-welcome/shared';

/** The app every test plays: made-up credentials, in Feishu's formats. */
export const TEST_APP = {
  appId: 'cli_a1b2c3d4e5f60718',
  appSecret: 'test-app-secret-0123456789abcdef',
  verificationToken: 'v-token-41a9425ea7df4536a7623e38fa321bae',
  encryptKey: 'test-encrypt-key',
  tenantKey: '736588c9260f175c',
} as const;

export interface FeishuUser {
  readonly name: string;
  readonly openId: string;
  readonly userId?: string;
}

/** A user with fresh ids. */
export function makeUser(name = '张三'): FeishuUser {
  const hex = randomBytes(16).toString('hex');
  return { name, openId: `ou_${hex}`, userId: hex.slice(0, 8) };
}

/** A v1 `p2p_chat_create` push, shaped like the seed page's sample. */
export function p2pChatCreate(
  user: FeishuUser,
  overrides: { uuid?: string; token?: string; appId?: string; chatId?: string; tenantKey?: string } = {},
): Record<string, unknown> {
  return {
    ts: '1502199207.7171419',
    uuid: overrides.uuid ?? randomUUID().replaceAll('-', ''),
    token: overrides.token ?? TEST_APP.verificationToken,
    type: 'event_callback',
    event: {
      app_id: overrides.appId ?? TEST_APP.appId,
      chat_id: overrides.chatId ?? `oc_${user.openId.slice(3)}`,
      operator: { open_id: user.openId, user_id: user.userId },
      tenant_key: overrides.tenantKey ?? TEST_APP.tenantKey,
      type: 'p2p_chat_create',
      user: { name: user.name, open_id: user.openId, user_id: user.userId },
    },
  };
}

/** A v2 `im.chat.access_event.bot_p2p_chat_entered_v1` push. */
export function botP2pChatEntered(
  user: FeishuUser,
  overrides: { eventId?: string; token?: string; appId?: string; eventType?: string } = {},
): Record<string, unknown> {
  return {
    schema: '2.0',
    header: {
      event_id: overrides.eventId ?? randomUUID().replaceAll('-', ''),
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

/** A v1 `app_ticket` push (marketplace apps). */
export function appTicket(overrides: { uuid?: string } = {}): Record<string, unknown> {
  return {
    ts: '1502199207.7171419',
    uuid: overrides.uuid ?? randomUUID().replaceAll('-', ''),
    token: TEST_APP.verificationToken,
    type: 'event_callback',
    event: { app_id: TEST_APP.appId, app_ticket: `ticket-${randomUUID()}`, type: 'app_ticket' },
  };
}

/** The console's URL verification. */
export function urlVerification(
  challenge: string = randomUUID(),
  token: string = TEST_APP.verificationToken,
) {
  return { challenge, token, type: 'url_verification' };
}

export interface FeishuPush {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A push as Feishu sends it without an Encrypt Key. */
export function plainPush(payload: unknown): FeishuPush {
  return { headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(payload) };
}

export interface SigningOptions {
  readonly encryptKey?: string;
  readonly timestampS?: number;
  readonly nonce?: string;
}

/** A raw body with Feishu's signature headers over its exact bytes. */
export function signedPush(body: string, options: SigningOptions = {}): FeishuPush {
  const encryptKey = options.encryptKey ?? TEST_APP.encryptKey;
  const timestamp = String(options.timestampS ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(8).toString('hex');
  return {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': computeSignature(timestamp, nonce, encryptKey, Buffer.from(body)),
    },
    body,
  };
}

/** A push as Feishu sends it with an Encrypt Key: encrypted, and signed unless `signed` is false. */
export function encryptedPush(
  payload: unknown,
  options: SigningOptions & { signed?: boolean } = {},
): FeishuPush {
  const encryptKey = options.encryptKey ?? TEST_APP.encryptKey;
  const body = JSON.stringify({ encrypt: encryptEvent(JSON.stringify(payload), deriveKey(encryptKey)) });
  return options.signed === false ? plainPush(JSON.parse(body)) : signedPush(body, options);
}
