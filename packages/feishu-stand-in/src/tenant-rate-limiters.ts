import { type RateDecision, RateLimiter, type RateLimits, type RatePeaks } from './rate-limiter.js';

/**
 * Feishu's IM limits hold per app **and** tenant: one tenant's sends never use up another's. One
 * {@link RateLimiter} per app and tenant, in either app type (a self-built app has one tenant).
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message/create
 */
export class TenantRateLimiters {
  readonly #limiters = new Map<string, RateLimiter>();

  constructor(
    readonly limits: RateLimits,
    private readonly now: () => number,
  ) {}

  /** Takes a slot for one send of `appId`/`tenantKey` to `receiver`, or says which limit refuses it. */
  tryAcquire(appId: string, tenantKey: string, receiver: string): RateDecision {
    const key = `${appId}\n${tenantKey}`;
    let limiter = this.#limiters.get(key);
    if (limiter === undefined) {
      limiter = new RateLimiter(this.limits, this.now);
      this.#limiters.set(key, limiter);
    }
    return limiter.tryAcquire(receiver);
  }

  /** The highest peaks of any one app and tenant: what "never over the limit" is checked against. */
  peaks(): RatePeaks {
    let highest: RatePeaks = { perSecond: 0, perMinute: 0, perReceiverPerSecond: 0 };
    for (const limiter of this.#limiters.values()) {
      const peaks = limiter.peaks();
      highest = {
        perSecond: Math.max(highest.perSecond, peaks.perSecond),
        perMinute: Math.max(highest.perMinute, peaks.perMinute),
        perReceiverPerSecond: Math.max(highest.perReceiverPerSecond, peaks.perReceiverPerSecond),
      };
    }
    return highest;
  }

  /** The peaks of one app and tenant; zeros for one that sent nothing. */
  peaksOf(appId: string, tenantKey: string): RatePeaks {
    return (
      this.#limiters.get(`${appId}\n${tenantKey}`)?.peaks() ?? {
        perSecond: 0,
        perMinute: 0,
        perReceiverPerSecond: 0,
      }
    );
  }

  reset(): void {
    this.#limiters.clear();
  }
}
