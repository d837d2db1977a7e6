import { randomUUID } from 'node:crypto';
import { makeUser, p2pChatCreate, uniqueQueueName } from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OutgoingMessage } from '../../src/feishu/message-sender.js';
import { createEventProcessor } from '../../src/create-event-processor.js';
import { createJobWaker } from '../../src/job-waker.js';
import { createOnboardedStore } from '../../src/redis/onboarded-store.js';
import { createSendRateLimiter } from '../../src/redis/send-rate-limiter.js';
import { TracedJob } from '../traced-job.js';
import { quietProcessorDeps } from '../quiet-processor-deps.js';

const NOW_MS = 1_700_000_000_000;

/** A processor with the real limiter (one send per minute per app and tenant) on real Redis. */
function processorOnRedis(redis: Redis, queue: Queue) {
  const prefix = `test-${randomUUID()}`;
  const sent: OutgoingMessage[] = [];
  const process = createEventProcessor({
    sender: {
      send(message) {
        sent.push(message);
        return Promise.resolve({ messageId: `om_${sent.length}`, logId: undefined });
      },
    },
    limiter: createSendRateLimiter(redis, { perSecond: 1, perMinute: 1 }, prefix),
    waker: createJobWaker(),
    onboarded: createOnboardedStore(redis, prefix),
    ...quietProcessorDeps(NOW_MS),
  });
  /** Processes a welcome for a new user of `appId`/`tenantKey`. */
  const welcome = (appId: string, tenantKey: string) => {
    const { token: _token, ...envelope } = p2pChatCreate(makeUser(), { appId, tenantKey });
    const data = {
      eventId: String(envelope['uuid']),
      eventType: 'p2p_chat_create',
      receivedAt: NOW_MS,
      envelope,
    };
    const job = new TracedJob(queue, data, { id: randomUUID() });
    return process(job, 'lock');
  };
  return { welcome, sent, prefix };
}

describe('send limits per app and tenant (real Redis)', () => {
  let redis: Redis;
  let queue: Queue;
  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
    queue = new Queue(uniqueQueueName(), { connection: { url: inject('redisUrl') } });
  });
  afterAll(async () => {
    await queue.close();
    await redis.quit();
  });

  it('does not hold a tenant back for another tenant, or another app, that used up its limit', async () => {
    const { welcome, sent, prefix } = processorOnRedis(redis, queue);
    await welcome('cli_a', 'tenant-1');
    // If these shared tenant-1's limit of one send a minute, each would be delayed for a minute.
    await welcome('cli_a', 'tenant-2');
    await welcome('cli_b', 'tenant-1');
    expect(sent).toHaveLength(3);
    // The limit itself holds: a second user of tenant-1 is delayed until its turn, a minute on.
    await expect(welcome('cli_a', 'tenant-1')).rejects.toMatchObject({ name: 'DelayedError' });
    expect(sent).toHaveLength(3);
    expect((await redis.keys(`${prefix}:{send-rate:*:log`)).sort()).toEqual([
      `${prefix}:{send-rate:cli_a:tenant-1}:log`,
      `${prefix}:{send-rate:cli_a:tenant-2}:log`,
      `${prefix}:{send-rate:cli_b:tenant-1}:log`,
    ]);
  });
});
