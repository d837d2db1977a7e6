import { describe, expect, it } from 'vitest';
import { sendDeadlineMs } from './send-deadline-ms.js';

describe('sendDeadlineMs', () => {
  it('leaves room for every Feishu call a send can make, each up to its timeout', () => {
    expect(sendDeadlineMs(1_000, 'self-built')).toBe(4 * 1_000 + 5_000);
    // A store app fetches an app token and a tenant token, each possibly twice, before and after a
    // refused send.
    expect(sendDeadlineMs(1_000, 'store')).toBe(7 * 1_000 + 5_000);
  });
});
