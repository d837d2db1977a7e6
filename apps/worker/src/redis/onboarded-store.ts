import type { Redis } from 'ioredis';

/** Who a welcome is for: a user of one tenant of one app. */
export interface WelcomeRecipient {
  readonly appId: string;
  readonly tenantKey: string;
  readonly openId: string;
}

export interface OnboardedRecord {
  readonly messageId: string;
  readonly eventId: string;
  /** Unix ms. */
  readonly at: number;
}

export interface OnboardedStore {
  get(recipient: WelcomeRecipient): Promise<OnboardedRecord | undefined>;
  /** Records the welcome; an existing record is kept (the first welcome is the one that counts). */
  mark(recipient: WelcomeRecipient, record: OnboardedRecord): Promise<void>;
}

/**
 * The durable "already welcomed" record, one Redis hash per app and tenant, keyed by open_id. It has no
 * expiry: it is what makes a welcome happen once per user, ever, and not just once per event.
 */
export function createOnboardedStore(redis: Redis, prefix: string): OnboardedStore {
  const key = (r: WelcomeRecipient) => `${prefix}:onboarded:${r.appId}:${r.tenantKey}`;
  return {
    async get(recipient) {
      const value = await redis.hget(key(recipient), recipient.openId);
      return value === null ? undefined : (JSON.parse(value) as OnboardedRecord);
    },
    async mark(recipient, record) {
      await redis.hsetnx(key(recipient), recipient.openId, JSON.stringify(record));
    },
  };
}
