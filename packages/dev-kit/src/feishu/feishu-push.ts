import { randomBytes } from 'node:crypto';
import { computeSignature, deriveKey } from '@feishu-welcome/shared';
import { encryptEvent } from './encrypt-event.js';
import { TEST_APP } from './test-app.js';

/** An HTTP request as Feishu makes it: the headers and the exact body bytes. */
export interface FeishuPush {
  readonly headers: Record<string, string>;
  readonly body: string;
}

const CONTENT_TYPE = { 'content-type': 'application/json; charset=utf-8' };

/** A push as Feishu sends it without an Encrypt Key: plaintext JSON, signed by nothing. */
export function plainPush(payload: unknown): FeishuPush {
  return { headers: { ...CONTENT_TYPE }, body: JSON.stringify(payload) };
}

export interface SigningOptions {
  /** @defaultValue `TEST_APP.encryptKey` */
  readonly encryptKey?: string;
  /** @defaultValue now */
  readonly timestampS?: number;
  /** @defaultValue 16 random hex digits */
  readonly nonce?: string;
}

/**
 * A raw body with Feishu's signature headers over its exact bytes:
 * https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export function signedPush(body: string, options: SigningOptions = {}): FeishuPush {
  const encryptKey = options.encryptKey ?? TEST_APP.encryptKey;
  const timestamp = String(options.timestampS ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(8).toString('hex');
  return {
    headers: {
      ...CONTENT_TYPE,
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': computeSignature(timestamp, nonce, encryptKey, Buffer.from(body)),
    },
    body,
  };
}

/**
 * A push as Feishu sends it with an Encrypt Key: `{"encrypt": base64(iv ‖ AES-256-CBC(payload))}`,
 * signed unless `signed` is false.
 */
export function encryptedPush(
  payload: unknown,
  options: SigningOptions & { signed?: boolean } = {},
): FeishuPush {
  const encryptKey = options.encryptKey ?? TEST_APP.encryptKey;
  const body = JSON.stringify({ encrypt: encryptEvent(JSON.stringify(payload), deriveKey(encryptKey)) });
  return options.signed === false ? plainPush(JSON.parse(body)) : signedPush(body, options);
}
