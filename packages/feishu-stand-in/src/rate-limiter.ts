import { SlidingWindow } from './sliding-window.js';

/**
 * Feishu's IM limits: 50 requests/s and 1000/min per app per tenant, and 5/s to the same user or chat.
 * They cannot be raised. A limit that is 0 or not finite means "unlimited".
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message/create
 * and https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control
 */
export interface RateLimits {
  readonly perSecond: number;
  readonly perMinute: number;
  readonly perReceiverPerSecond: number;
}

export type RateDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** The limit that was hit (the one that frees last, when several were). */
      readonly limit: number;
      /** Whole seconds until that limit has a free slot again; at least 1. */
      readonly resetSeconds: number;
    };

/** The most sends accepted in any one window, so a test can check what a client really did. */
export interface RatePeaks {
  readonly perSecond: number;
  readonly perMinute: number;
  readonly perReceiverPerSecond: number;
}

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;

function isLimited(limit: number): boolean {
  return Number.isFinite(limit) && limit > 0;
}

/** Sliding-window limiter over the accepted sends; pure, the clock is injected. */
export class RateLimiter {
  readonly #second = new SlidingWindow(SECOND_MS);
  readonly #minute = new SlidingWindow(MINUTE_MS);
  readonly #receivers = new Map<string, SlidingWindow>();
  #sweepAt = 1024;
  #peaks = { perSecond: 0, perMinute: 0, perReceiverPerSecond: 0 };

  constructor(
    readonly limits: RateLimits,
    private readonly now: () => number,
  ) {}

  /** Takes a slot for one send to `receiver`, or says which limit refuses it and for how long. */
  tryAcquire(receiver: string): RateDecision {
    const nowMs = this.now();
    const receiverWindow = this.#receivers.get(receiver) ?? new SlidingWindow(SECOND_MS);
    const checks: [SlidingWindow, number][] = [
      [this.#second, this.limits.perSecond],
      [this.#minute, this.limits.perMinute],
      [receiverWindow, this.limits.perReceiverPerSecond],
    ];
    let refusal: { limit: number; waitMs: number } | undefined;
    for (const [window, limit] of checks) {
      if (!isLimited(limit)) continue;
      const waitMs = window.msUntilBelow(limit, nowMs);
      if (waitMs > 0 && (refusal === undefined || waitMs > refusal.waitMs)) refusal = { limit, waitMs };
    }
    if (refusal) {
      return {
        allowed: false,
        limit: refusal.limit,
        resetSeconds: Math.max(1, Math.ceil(refusal.waitMs / 1000)),
      };
    }

    this.#receivers.set(receiver, receiverWindow);
    this.#peaks = {
      perSecond: Math.max(this.#peaks.perSecond, this.#second.add(nowMs)),
      perMinute: Math.max(this.#peaks.perMinute, this.#minute.add(nowMs)),
      perReceiverPerSecond: Math.max(this.#peaks.perReceiverPerSecond, receiverWindow.add(nowMs)),
    };
    this.#sweep(nowMs);
    return { allowed: true };
  }

  peaks(): RatePeaks {
    return { ...this.#peaks };
  }

  reset(): void {
    this.#second.clear();
    this.#minute.clear();
    this.#receivers.clear();
    this.#peaks = { perSecond: 0, perMinute: 0, perReceiverPerSecond: 0 };
  }

  /** Drops the windows of receivers not sent to in the last second, once the map has grown. */
  #sweep(nowMs: number): void {
    if (this.#receivers.size <= this.#sweepAt) return;
    for (const [receiver, window] of this.#receivers) {
      if (window.count(nowMs) === 0) this.#receivers.delete(receiver);
    }
    this.#sweepAt = Math.max(1024, this.#receivers.size * 2);
  }
}
