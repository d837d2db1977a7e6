import { randomUUID } from 'node:crypto';
import { createLogger, type FeishuEventJob } from '@feishu-welcome/shared';
import { makeUser, p2pChatCreate } from '@feishu-welcome/testing';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OutgoingMessage } from '../../src/feishu/message-sender.js';
import { BUILT_IN_MESSAGE } from '../../src/message/message-template.js';
import { createEventProcessor } from '../../src/process-event-job.js';
import { createOnboardedStore } from '../../src/redis/onboarded-store.js';
import { createSendRateLimiter } from '../../src/redis/send-rate-limiter.js';

const NOW_MS = 1_700_000_000_000;

/** A processor with the real limiter (one send per minute per app and tenant) on real Redis. */
function processorOnRedis(redis: Redis) {
  const prefix = `test-${randomUUID()}`;
  const sent: OutgoingMessage[] = [];
  const process = createEventProcessor({
    sender: {
      async send(message) {
        sent.push(message);
        return { messageId: `om_${sent.length}`, logId: undefined };
      },
    },
    limiter: createSendRateLimiter(redis, { perSecond: 1, perMinute: 1 }, prefix),
    onboarded: createOnboardedStore(redis, prefix),
    tickets: { save: async () => undefined, latest: async () => undefined },
    message: BUILT_IN_MESSAGE,
    metrics: {
      countSend: () => undefined,
      observeSendSeconds: () => undefined,
      countTokenRefresh: () => undefined,
    },
    log: createLogger({ name: 'test', level: 'silent' }),
    now: () => NOW_MS,
  });
  /** Processes a welcome for a new user of `appId`/`tenantKey`; gives up (hands the job back) after `ms`. */
  const welcome = (appId: string, tenantKey: string, ms: number) => {
    const { token: _token, ...envelope } = p2pChatCreate(makeUser(), { appId, tenantKey });
    const data = {
      eventId: String(envelope['uuid']),
      eventType: 'p2p_chat_create',
      receivedAt: NOW_MS,
      envelope,
    };
    const job = { id: randomUUID(), data: data as FeishuEventJob, attemptsMade: 0, log: async () => 0 };
    const handedBack = { moveToWait: async () => undefined };
    return process({ ...job, ...handedBack } as unknown as Job, 'lock', AbortSignal.timeout(ms));
  };
  return { welcome, sent, prefix };
}

describe('send limits per app and tenant (real Redis)', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('does not hold a tenant back for another tenant, or another app, that used up its limit', async () => {
    const { welcome, sent, prefix } = processorOnRedis(redis);
    await welcome('cli_a', 'tenant-1', 5_000);
    // If these shared tenant-1's limit of one send a minute, each would wait a minute and be handed back.
    await welcome('cli_a', 'tenant-2', 5_000);
    await welcome('cli_b', 'tenant-1', 5_000);
    expect(sent).toHaveLength(3);
    // The limit itself holds: a second user of tenant-1 waits.
    await expect(welcome('cli_a', 'tenant-1', 300)).rejects.toMatchObject({ name: 'WaitingError' });
    expect(sent).toHaveLength(3);
    expect((await redis.keys(`${prefix}:{send-rate:*`)).sort()).toEqual([
      `${prefix}:{send-rate:cli_a:tenant-1}:log`,
      `${prefix}:{send-rate:cli_a:tenant-2}:log`,
      `${prefix}:{send-rate:cli_b:tenant-1}:log`,
    ]);
  });
});
