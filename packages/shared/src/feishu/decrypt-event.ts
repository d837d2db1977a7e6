import { createDecipheriv } from 'node:crypto';
import { FeishuCryptoError } from './feishu-crypto-error.js';

const IV_BYTES = 16;
const BLOCK_BYTES = 16;

/**
 * Decrypts the `encrypt` field of a Feishu push: base64(iv ‖ AES-256-CBC(PKCS#7)).
 * `key` is {@link deriveKey} of the Encrypt Key, derived once at start.
 * Throws {@link FeishuCryptoError} for anything that is not a well-formed ciphertext under this key.
 * Source: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export function decryptEvent(encrypt: string, key: Buffer): string {
  const bytes = Buffer.from(encrypt, 'base64');
  // Node's decoder skips characters outside the alphabet, so a value with any of them decodes to fewer
  // bytes than its length promises: a check in one pass, without a regular expression over the body.
  // A length that is not a multiple of 4 promises a fractional count, which no decoding matches.
  const padding = encrypt.endsWith('==') ? 2 : encrypt.endsWith('=') ? 1 : 0;
  if (bytes.length !== (encrypt.length / 4) * 3 - padding) {
    throw new FeishuCryptoError('not-base64', 'encrypt is not base64');
  }
  const cipherBytes = bytes.length - IV_BYTES;
  if (cipherBytes <= 0 || cipherBytes % BLOCK_BYTES !== 0) {
    throw new FeishuCryptoError('bad-length', 'ciphertext is truncated or not block-aligned');
  }
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, bytes.subarray(0, IV_BYTES));
    const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES)), decipher.final()]);
    return plain.toString('utf8');
  } catch (cause) {
    // A wrong key or a tampered last block shows up as bad PKCS#7 padding.
    throw new FeishuCryptoError('bad-padding', 'ciphertext does not decrypt under this key', { cause });
  }
}
