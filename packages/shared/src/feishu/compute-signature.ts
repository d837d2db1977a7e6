import { createHash } from 'node:crypto';

/**
 * `hex(sha256(timestamp + nonce + encryptKey + rawBody))`, over the exact bytes received (strings are
 * hashed as UTF-8, Node's default).
 * Source: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export function computeSignature(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: Buffer,
): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey)
    .update(rawBody)
    .digest('hex');
}
