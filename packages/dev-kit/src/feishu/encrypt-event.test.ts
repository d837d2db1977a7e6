import { decryptEvent, deriveKey } from '@feishu-welcome/shared';
import { describe, expect, it } from 'vitest';
import { encryptEvent } from './encrypt-event.js';

const KEY = deriveKey('test key');

describe('encryptEvent', () => {
  it('round-trips JSON with CJK, emoji and quotes through encryptEvent', () => {
    const plain = JSON.stringify({ name: '张三 🎉', quote: '"\\' });
    expect(decryptEvent(encryptEvent(plain, KEY), KEY)).toBe(plain);
  });

  it('refuses a ciphertext made with another key', () => {
    // A fixed IV: under a wrong key, about one random IV in 256 decrypts to valid padding by chance
    // (the ingress then refuses the garbage as JSON), so a random one would make this test flaky.
    const other = encryptEvent('{"a":1}', deriveKey('another key'), Buffer.alloc(16));
    expect(() => decryptEvent(other, KEY)).toThrow(expect.objectContaining({ code: 'bad-padding' }));
  });
});
