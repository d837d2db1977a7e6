import { createCipheriv, randomBytes } from 'node:crypto';

/**
 * Encrypts a plaintext the way Feishu does (the inverse of `decryptEvent` in `@feishu-welcome/shared`).
 * The product itself never encrypts; the sandbox sender, the tests and the benchmarks use this to play
 * Feishu (https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case).
 */
export function encryptEvent(plaintext: string, key: Buffer, iv: Buffer = randomBytes(16)): string {
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}
