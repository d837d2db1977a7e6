import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptEvent } from './decrypt-event.js';
import { deriveKey } from './derive-key.js';
import { FeishuCryptoError } from './feishu-crypto-error.js';

// The official vector: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
const VECTOR = {
  key: 'test key',
  encrypt: 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=',
  plain: 'hello world',
};
const KEY = deriveKey(VECTOR.key);

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof FeishuCryptoError) return error.code;
    throw error;
  }
  return undefined;
}

function errorOf(run: () => unknown): FeishuCryptoError {
  try {
    run();
  } catch (error) {
    if (error instanceof FeishuCryptoError) return error;
    throw error;
  }
  throw new Error('expected a FeishuCryptoError');
}

describe('decryptEvent', () => {
  it('decrypts the official Feishu test vector', () => {
    expect(decryptEvent(VECTOR.encrypt, KEY)).toBe(VECTOR.plain);
  });

  it('refuses a ciphertext whose last block was tampered with', () => {
    const bytes = Buffer.from(VECTOR.encrypt, 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    expect(codeOf(() => decryptEvent(bytes.toString('base64'), KEY))).toBe('bad-padding');
  });

  it('refuses a truncated ciphertext', () => {
    const bytes = Buffer.from(VECTOR.encrypt, 'base64');
    expect(codeOf(() => decryptEvent(bytes.subarray(0, bytes.length - 3).toString('base64'), KEY))).toBe(
      'bad-length',
    );
    expect(codeOf(() => decryptEvent(bytes.subarray(0, 16).toString('base64'), KEY))).toBe('bad-length');
    expect(codeOf(() => decryptEvent('', KEY))).toBe('bad-length');
  });

  it('refuses a value that is not base64', () => {
    expect(codeOf(() => decryptEvent('not base64 at all!', KEY))).toBe('not-base64');
    // Base64 characters only, but a length no encoder writes.
    expect(codeOf(() => decryptEvent(`${VECTOR.encrypt.slice(0, -1)}`, KEY))).toBe('not-base64');
    expect(codeOf(() => decryptEvent(`${VECTOR.encrypt}A`, KEY))).toBe('not-base64');
    // The right length, one character outside the alphabet.
    expect(codeOf(() => decryptEvent(`!${VECTOR.encrypt.slice(1)}`, KEY))).toBe('not-base64');
    expect(
      codeOf(() => decryptEvent(`${VECTOR.encrypt.slice(0, 10)}=${VECTOR.encrypt.slice(11)}`, KEY)),
    ).toBe('not-base64');
  });

  it('says what is wrong with a value it refuses, and keeps the cause of a failed decryption', () => {
    expect(errorOf(() => decryptEvent('ab!d', KEY))).toMatchObject({
      code: 'not-base64',
      message: 'encrypt is not base64',
    });
    expect(errorOf(() => decryptEvent('', KEY))).toMatchObject({
      code: 'bad-length',
      message: 'ciphertext is truncated or not block-aligned',
    });
    const iv = Buffer.alloc(16, 7);
    const cipher = createCipheriv('aes-256-cbc', deriveKey('another key'), iv);
    const underAnotherKey = Buffer.concat([iv, cipher.update('{}'), cipher.final()]).toString('base64');
    const wrongKey = errorOf(() => decryptEvent(underAnotherKey, KEY));
    expect(wrongKey).toMatchObject({
      code: 'bad-padding',
      message: 'ciphertext does not decrypt under this key',
    });
    expect(wrongKey.cause).toBeInstanceOf(Error);
  });
});
