import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAppTicketStore, ticketPushedAt } from './app-ticket-store.js';

const APP = 'cli_store';

describe('createAppTicketStore (real Redis)', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await redis.quit();
  });
  const fresh = () => createAppTicketStore(redis, `test-${randomUUID()}`);

  it('keeps the newest ticket by push time, whatever order the pushes are handled in', async () => {
    const tickets = fresh();
    expect(await tickets.get(APP)).toBeUndefined();
    expect(await tickets.save(APP, 'ticket-2', 2_000)).toBe(true);
    // An older push re-delivered late must not replace the newer ticket.
    expect(await tickets.save(APP, 'ticket-1', 1_000)).toBe(false);
    expect(await tickets.save(APP, 'ticket-2', 2_000)).toBe(false);
    expect(await tickets.get(APP)).toBe('ticket-2');
    expect(await tickets.save(APP, 'ticket-3', 3_000)).toBe(true);
    expect(await tickets.get(APP)).toBe('ticket-3');
  });

  it('drops a refused ticket only if still kept, and refuses older pushes after it', async () => {
    const tickets = fresh();
    await tickets.save(APP, 'ticket-2', 2_000);
    await tickets.drop(APP, 'ticket-1');
    expect(await tickets.get(APP)).toBe('ticket-2');
    await tickets.drop(APP, 'ticket-2');
    expect(await tickets.get(APP)).toBeUndefined();
    expect(await tickets.save(APP, 'ticket-1', 1_000)).toBe(false);
    expect(await tickets.get(APP)).toBeUndefined();
    expect(await tickets.save(APP, 'ticket-3', 3_000)).toBe(true);
  });

  it('lets one caller of many, across connections, ask for a resend within the interval', async () => {
    const prefix = `test-${randomUUID()}`;
    const other = new Redis(inject('redisUrl'));
    try {
      const claims = await Promise.all([
        ...Array.from({ length: 5 }, () => createAppTicketStore(redis, prefix).claimResend(APP, 60_000)),
        ...Array.from({ length: 5 }, () => createAppTicketStore(other, prefix).claimResend(APP, 60_000)),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await createAppTicketStore(redis, prefix).claimResend('cli_other', 60_000)).toBe(true);
      const short = `test-${randomUUID()}`;
      expect(await createAppTicketStore(redis, short).claimResend(APP, 50)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await createAppTicketStore(redis, short).claimResend(APP, 50)).toBe(true);
    } finally {
      await other.quit();
    }
  });
});

describe('ticketPushedAt', () => {
  it("reads Feishu's ts in ms, and falls back to the time received when it is missing or unreadable", () => {
    expect(ticketPushedAt('1700000000.5', 1)).toBe(1_700_000_000_500);
    expect(ticketPushedAt(undefined, 42)).toBe(42);
    expect(ticketPushedAt('', 42)).toBe(42);
    expect(ticketPushedAt('soon', 42)).toBe(42);
    expect(ticketPushedAt('-5', 42)).toBe(42);
  });
});
