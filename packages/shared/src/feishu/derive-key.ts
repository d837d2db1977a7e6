import { createHash } from 'node:crypto';

/**
 * The AES-256 key Feishu uses: SHA-256 of the Encrypt Key's UTF-8 bytes.
 * Source: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export function deriveKey(encryptKey: string): Buffer {
  return createHash('sha256').update(encryptKey).digest();
}
