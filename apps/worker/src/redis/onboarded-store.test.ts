import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createOnboardedStore, type WelcomeRecipient } from './onboarded-store.js';

const ADA: WelcomeRecipient = { appId: 'cli_a', tenantKey: 'tenant-1', openId: 'ou_ada' };
const FIRST = { messageId: 'om_1', eventId: 'ev-1', at: 1_700_000_000_000 };
const SECOND = { messageId: 'om_2', eventId: 'ev-2', at: 1_700_000_060_000 };

describe('createOnboardedStore (real Redis)', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('knows nobody at first, then the welcome recorded for a user', async () => {
    const store = createOnboardedStore(redis, `test-${randomUUID()}`);
    expect(await store.get(ADA)).toBeUndefined();
    await store.mark(ADA, FIRST);
    expect(await store.get(ADA)).toEqual(FIRST);
  });

  it('keeps the first welcome when a second one is recorded', async () => {
    const store = createOnboardedStore(redis, `test-${randomUUID()}`);
    await store.mark(ADA, FIRST);
    await store.mark(ADA, SECOND);
    expect(await store.get(ADA)).toEqual(FIRST);
  });

  it('keeps apart users, tenants, apps and key prefixes', async () => {
    const prefix = `test-${randomUUID()}`;
    const store = createOnboardedStore(redis, prefix);
    await store.mark(ADA, FIRST);
    // The same open_id in another tenant or another app is another welcome (open_id is per app).
    for (const other of [
      { ...ADA, openId: 'ou_bob' },
      { ...ADA, tenantKey: 'tenant-2' },
      { ...ADA, appId: 'cli_b' },
    ]) {
      expect(await store.get(other)).toBeUndefined();
    }
    expect(await createOnboardedStore(redis, `test-${randomUUID()}`).get(ADA)).toBeUndefined();
    // Every record lives under the prefix, and never expires: a welcome happens once per user, ever.
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys).toHaveLength(1);
    expect(await redis.ttl(keys[0] ?? '')).toBe(-1);
  });
});
