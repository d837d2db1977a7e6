import { describe, expect, it } from 'vitest';
import { fakeClock } from '../test/stand-in-client.js';
import { RateLimiter, type RateLimits } from './rate-limiter.js';

const FEISHU: RateLimits = { perSecond: 50, perMinute: 1_000, perReceiverPerSecond: 5 };

function acquireMany(
  limiter: RateLimiter,
  count: number,
  receiver: (i: number) => string = (i) => `ou_${i}`,
) {
  return Array.from({ length: count }, (_, i) => limiter.tryAcquire(receiver(i)));
}

describe('RateLimiter', () => {
  it('lets 50 sends through in a second and refuses the 51st until the oldest leaves the window', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(FEISHU, clock.now);

    expect(acquireMany(limiter, 50).every((d) => d.allowed)).toBe(true);
    expect(limiter.tryAcquire('ou_late')).toEqual({ allowed: false, limit: 50, resetSeconds: 1 });

    clock.advance(999);
    expect(limiter.tryAcquire('ou_late').allowed).toBe(false);
    clock.advance(1);
    expect(limiter.tryAcquire('ou_late').allowed).toBe(true);
  });

  it('counts any 1 s window, not calendar seconds, so 50 late in one second block the start of the next', () => {
    const clock = fakeClock(10_900);
    const limiter = new RateLimiter(FEISHU, clock.now);
    acquireMany(limiter, 50);

    clock.advance(200); // 11_100: a new calendar second, but the 50 sends are 200 ms old
    expect(limiter.tryAcquire('ou_next').allowed).toBe(false);
    clock.advance(800); // 11_900: they are a full second old
    expect(limiter.tryAcquire('ou_next').allowed).toBe(true);
  });

  it('refuses a sixth send to one receiver within a second while other receivers go on', () => {
    const limiter = new RateLimiter(FEISHU, fakeClock().now);
    acquireMany(limiter, 5, () => 'ou_same');

    expect(limiter.tryAcquire('ou_same')).toEqual({ allowed: false, limit: 5, resetSeconds: 1 });
    expect(limiter.tryAcquire('ou_other').allowed).toBe(true);
  });

  it('refuses past the per-minute limit with the seconds until the oldest send of that minute leaves', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perSecond: 50, perMinute: 100, perReceiverPerSecond: 0 }, clock.now);
    for (let second = 0; second < 4; second += 1) {
      acquireMany(limiter, 25);
      clock.advance(1_000);
    }
    // 100 sends at 0 s, 1 s, 2 s and 3 s; now is 4 s; the first 25 leave at 60 s.
    expect(limiter.tryAcquire('ou_x')).toEqual({ allowed: false, limit: 100, resetSeconds: 56 });
    clock.advance(55_999);
    expect(limiter.tryAcquire('ou_x')).toEqual({ allowed: false, limit: 100, resetSeconds: 1 });
    clock.advance(1);
    expect(limiter.tryAcquire('ou_x').allowed).toBe(true);
  });

  it('names the limit that frees last when two are hit at once', () => {
    const limiter = new RateLimiter({ perSecond: 3, perMinute: 3, perReceiverPerSecond: 0 }, fakeClock().now);
    acquireMany(limiter, 3);
    expect(limiter.tryAcquire('ou_x')).toEqual({ allowed: false, limit: 3, resetSeconds: 60 });
  });

  it('treats 0 and Infinity as unlimited', () => {
    const limiter = new RateLimiter(
      { perSecond: 0, perMinute: Infinity, perReceiverPerSecond: 0 },
      fakeClock().now,
    );
    expect(acquireMany(limiter, 2_000, () => 'ou_same').every((d) => d.allowed)).toBe(true);
  });

  it('reports the most accepted sends seen in any window, refused ones left out', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(FEISHU, clock.now);
    acquireMany(limiter, 30);
    clock.advance(500);
    acquireMany(limiter, 30); // 20 fit in the second that ends now
    clock.advance(1_000);
    acquireMany(limiter, 4, () => 'ou_same');

    expect(limiter.peaks()).toEqual({ perSecond: 50, perMinute: 54, perReceiverPerSecond: 4 });
    limiter.reset();
    expect(limiter.peaks()).toEqual({ perSecond: 0, perMinute: 0, perReceiverPerSecond: 0 });
  });
});
