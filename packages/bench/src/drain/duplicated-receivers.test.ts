import { describe, expect, it } from 'vitest';
import { duplicatedReceivers } from './duplicated-receivers.js';

describe('duplicatedReceivers', () => {
  it('counts receivers with two messages or more, once each', () => {
    expect(duplicatedReceivers([{ receive_id: 'a' }, { receive_id: 'b' }])).toBe(0);
    const twice = [{ receive_id: 'a' }, { receive_id: 'a' }, { receive_id: 'a' }, { receive_id: 'b' }];
    expect(duplicatedReceivers(twice)).toBe(1);
  });
});
