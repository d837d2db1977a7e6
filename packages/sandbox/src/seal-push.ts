import { computeSignature, deriveKey, encryptEvent } from '@feishu-welcome/shared';

/** An HTTP request as Feishu would make it: the headers and the exact body bytes. */
export interface FeishuPush {
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface SealOptions {
  /** The app's Encrypt Key; without one Feishu sends plaintext and signs nothing. */
  readonly encryptKey: string | undefined;
  readonly nowMs: number;
  readonly nonce: string;
}

/**
 * Wraps an envelope the way Feishu delivers it: with an Encrypt Key, the body is
 * `{"encrypt": base64(iv ‖ AES-256-CBC(envelope))}` and the signature covers exactly those bytes.
 * Source: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export function sealPush(envelope: unknown, options: SealOptions): FeishuPush {
  const contentType = { 'content-type': 'application/json; charset=utf-8' };
  if (options.encryptKey === undefined) return { headers: contentType, body: JSON.stringify(envelope) };

  const body = JSON.stringify({
    encrypt: encryptEvent(JSON.stringify(envelope), deriveKey(options.encryptKey)),
  });
  const timestamp = String(Math.floor(options.nowMs / 1000));
  return {
    headers: {
      ...contentType,
      'X-Lark-Request-Timestamp': timestamp,
      'X-Lark-Request-Nonce': options.nonce,
      'X-Lark-Signature': computeSignature(timestamp, options.nonce, options.encryptKey, Buffer.from(body)),
    },
    body,
  };
}
