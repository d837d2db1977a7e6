import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_CONFIG, mayReconnect, reconnectDelayMs } from './reconnect-delay.js';

const config = { ...DEFAULT_CLIENT_CONFIG, ReconnectInterval: 10, ReconnectNonce: 30 };

describe('reconnectDelayMs', () => {
  it('makes the first attempt after a drop within a second, not a random ReconnectNonce', () => {
    expect(reconnectDelayMs(1, config, () => 0)).toBe(0);
    expect(reconnectDelayMs(1, config, () => 0.999)).toBeCloseTo(999);
    expect(reconnectDelayMs(1, { ...config, ReconnectNonce: 0 }, () => 0.999)).toBe(0);
  });

  it('doubles from 1 s up to ReconnectInterval, plus the jitter', () => {
    const delays = [2, 3, 4, 5, 6, 7, 40].map((attempt) => reconnectDelayMs(attempt, config, () => 0));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
    expect(reconnectDelayMs(3, config, () => 0.5)).toBe(2_500);
  });

  it('waits 1 s between failed attempts even when ReconnectInterval and ReconnectNonce are 0', () => {
    const eager = { ...config, ReconnectInterval: 0, ReconnectNonce: 0 };
    expect([2, 3, 10].map((attempt) => reconnectDelayMs(attempt, eager, () => 0.5))).toEqual([
      1_000, 1_000, 1_000,
    ]);
  });
});

describe('mayReconnect', () => {
  it('allows ReconnectCount attempts, and any number when it is -1', () => {
    expect(mayReconnect(3, { ...config, ReconnectCount: 3 })).toBe(true);
    expect(mayReconnect(4, { ...config, ReconnectCount: 3 })).toBe(false);
    expect(mayReconnect(1, { ...config, ReconnectCount: 0 })).toBe(false);
    expect(mayReconnect(1_000_000, { ...config, ReconnectCount: -1 })).toBe(true);
  });
});
