import { UnrecoverableError } from 'bullmq';
import type { RedisConnection } from '@feishu-welcome/shared';
import { z } from 'zod';
import type { WelcomeRecipient } from '../welcome-recipient.js';

/**
 * Read back from Redis, so checked like any other input. `messageId` may be empty: workers before the
 * empty-`message_id` fix recorded such welcomes, and those users were welcomed all the same.
 */
export const OnboardedRecord = z.object({
  messageId: z.string(),
  eventId: z.string(),
  /** Unix ms. */
  at: z.number(),
});
export type OnboardedRecord = Readonly<z.infer<typeof OnboardedRecord>>;

export interface OnboardedStore {
  /**
   * The user's welcome, if recorded. A record that cannot be read rejects with an `UnrecoverableError`:
   * it is only ever written after a send, so the user was most likely welcomed, and sending again could
   * welcome them twice; the job fails at once, saying why, for someone to look at.
   */
  get(recipient: WelcomeRecipient): Promise<OnboardedRecord | undefined>;
  /** Records the welcome; an existing record is kept (the first welcome is the one that counts). */
  mark(recipient: WelcomeRecipient, record: OnboardedRecord): Promise<void>;
}

function unreadable(problem: string): UnrecoverableError {
  return new UnrecoverableError(
    `the user's onboarded record cannot be read (${problem}); nothing sent, as they may have been welcomed`,
  );
}

function parseRecord(text: string): OnboardedRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw unreadable('not JSON');
  }
  const parsed = OnboardedRecord.safeParse(json);
  if (!parsed.success) {
    throw unreadable(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`).join('; '),
    );
  }
  return parsed.data;
}

/**
 * The Redis key of the welcome records of `recipient`'s app and tenant. The ids are percent-encoded
 * (ordinary ones, letters, digits and `_`, are unchanged), so that no id can bring a `{…}` hash tag
 * that would move the key to another Redis Cluster slot, nor a `:` that would run into another key.
 */
export function onboardedKey(prefix: string, recipient: WelcomeRecipient): string {
  return `${prefix}:onboarded:${encodeURIComponent(recipient.appId)}:${encodeURIComponent(recipient.tenantKey)}`;
}

/**
 * The durable "already welcomed" record, one Redis hash per app and tenant, keyed by open_id. It has no
 * expiry: it is what makes a welcome happen once per user, ever, and not just once per event.
 */
export function createOnboardedStore(redis: RedisConnection, prefix: string): OnboardedStore {
  const key = (r: WelcomeRecipient) => onboardedKey(prefix, r);
  return {
    async get(recipient) {
      const value = await redis.hget(key(recipient), recipient.openId);
      return value === null ? undefined : parseRecord(value);
    },
    async mark(recipient, record) {
      await redis.hsetnx(key(recipient), recipient.openId, JSON.stringify(record));
    },
  };
}
