import { describe, expect, it } from 'vitest';
import { secretMatcher } from './secret-matcher.js';

describe('secretMatcher', () => {
  const matches = secretMatcher('v-token-41a9');

  it('accepts the secret itself', () => {
    expect(matches('v-token-41a9')).toBe(true);
  });

  it('refuses anything else: a prefix, a longer text, another case, nothing', () => {
    for (const guess of ['v-token-41a', 'v-token-41a9 ', 'V-TOKEN-41A9', ''])
      expect(matches(guess)).toBe(false);
  });

  it('compares CJK text by its UTF-8 bytes', () => {
    expect(secretMatcher('张三的密码')('张三的密码')).toBe(true);
    expect(secretMatcher('张三的密码')('张三的密碼')).toBe(false);
  });
});
