import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { WelcomeRecipient } from '../welcome-recipient.js';
import { createOnboardedStore } from './onboarded-store.js';

const NOW_MS = 1_700_000_000_000;
const ADA: WelcomeRecipient = { appId: 'cli_a', tenantKey: 'tenant-1', openId: 'ou_ada' };

describe('the onboarded store (real Redis)', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await redis.quit();
  });

  function fresh() {
    const prefix = `test-${randomUUID()}`;
    const key = `${prefix}:onboarded:${ADA.appId}:${ADA.tenantKey}`;
    return { store: createOnboardedStore(redis, prefix), key };
  }

  it('reads back the first welcome recorded, and keeps it', async () => {
    const { store } = fresh();
    expect(await store.get(ADA)).toBeUndefined();
    await store.mark(ADA, { messageId: 'om_1', eventId: 'ev-1', at: NOW_MS });
    await store.mark(ADA, { messageId: 'om_2', eventId: 'ev-2', at: NOW_MS + 1 });
    expect(await store.get(ADA)).toEqual({ messageId: 'om_1', eventId: 'ev-1', at: NOW_MS });
  });

  it('reads a record with an empty message id, as older workers wrote, as a welcome', async () => {
    const { store, key } = fresh();
    await redis.hset(key, ADA.openId, JSON.stringify({ messageId: '', eventId: 'ev-1', at: NOW_MS }));
    expect(await store.get(ADA)).toEqual({ messageId: '', eventId: 'ev-1', at: NOW_MS });
  });

  it.each([
    ['is not JSON', '{"messageId":"om_1",', /not JSON/],
    ['lacks a field', JSON.stringify({ messageId: 'om_1', at: NOW_MS }), /eventId/],
    [
      'has a field of the wrong type',
      JSON.stringify({ messageId: 7, eventId: 'ev-1', at: NOW_MS }),
      /messageId/,
    ],
    ['is not an object', '"om_1"', /record/],
  ])('fails without retries, and changes nothing, when the record %s', async (_what, stored, problem) => {
    const { store, key } = fresh();
    await redis.hset(key, ADA.openId, stored);
    const read = store.get(ADA);
    await expect(read).rejects.toMatchObject({ name: 'UnrecoverableError' });
    await expect(read).rejects.toThrow(problem);
    await expect(read).rejects.toThrow('nothing sent');
    expect(await redis.hget(key, ADA.openId)).toBe(stored);
  });

  it.each([
    [
      'names every field that is wrong',
      JSON.stringify({ messageId: 7, at: NOW_MS }),
      '(messageId: Invalid input: expected string, received number; ' +
        'eventId: Invalid input: expected string, received undefined)',
    ],
    [
      'says when the record as a whole is wrong',
      '"om_1"',
      '(record: Invalid input: expected object, received string)',
    ],
  ])('%s in the reason the job fails with', async (_what, stored, reason) => {
    const { store, key } = fresh();
    await redis.hset(key, ADA.openId, stored);
    await expect(store.get(ADA)).rejects.toThrow(
      `the user's onboarded record cannot be read ${reason}; nothing sent, as they may have been welcomed`,
    );
  });

  it('keeps apart users, tenants, apps and key prefixes', async () => {
    const prefix = `test-${randomUUID()}`;
    const store = createOnboardedStore(redis, prefix);
    await store.mark(ADA, { messageId: 'om_1', eventId: 'ev-1', at: NOW_MS });
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
