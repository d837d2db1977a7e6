import {
  FeishuEventJob,
  createLogger,
  jobIdForEvent,
  type RedisConnection,
  waitUntilReady,
} from '@feishu-welcome/shared';
import { makeUser, p2pChatCreate, uniqueQueueName } from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { MAX_BATCH, createBullmqEnqueue } from '../../src/create-bullmq-enqueue.js';
import { createQueueConnection } from '../../src/create-queue-connection.js';
import type { EventJobRequest } from '../../src/enqueue.js';

const NOW_MS = 1_700_000_000_000;

function jobFor(event: Record<string, unknown>): EventJobRequest {
  const eventId = String(event['uuid']);
  const data = FeishuEventJob.parse({
    eventId,
    eventType: 'p2p_chat_create',
    receivedAt: NOW_MS,
    envelope: event,
  });
  return { jobId: jobIdForEvent(eventId), data };
}

const freshJob = (): EventJobRequest => jobFor(p2pChatCreate(makeUser()));

/** A job whose data nests 100,000 levels deep: JSON.stringify overflows the stack on it. */
function deepJob(): EventJobRequest {
  const job = freshJob();
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  (job.data.envelope.event as Record<string, unknown>)['deep'] = deep;
  return job;
}

describe('createBullmqEnqueue', () => {
  let redis: RedisConnection;
  let queue: Queue;
  beforeEach(async () => {
    redis = createQueueConnection(
      { redisUrl: inject('redisUrl'), redisCluster: false },
      createLogger({ name: 'test', level: 'silent' }),
    );
    queue = new Queue(uniqueQueueName(), { connection: redis });
    await waitUntilReady(redis, 10_000);
  });
  afterEach(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await redis.quit();
  });
  const stored = async () => await queue.getJobCountByTypes('waiting');

  it('answers both copies of one event written in the same batch: one added, one duplicate', async () => {
    const enqueue = createBullmqEnqueue(queue, redis, 1_000);
    const job = freshJob();
    expect(await Promise.all([enqueue(job), enqueue(job)])).toEqual(['added', 'duplicate']);
    expect(await stored()).toBe(1);
  });

  it('answers a copy that comes while the first is still being written as a duplicate', async () => {
    const enqueue = createBullmqEnqueue(queue, redis, 2_000);
    const job = freshJob();
    // addBulk builds its write asynchronously: on a loaded machine a later turn's EXISTS can overtake
    // it, and read that nothing is stored yet. Here the first write is held back 100 ms.
    const addBulk = queue.addBulk.bind(queue);
    const spy = vi.spyOn(queue, 'addBulk').mockImplementationOnce(async (jobs) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return await addBulk(jobs);
    });
    const first = enqueue(job);
    await new Promise((resolve) => setImmediate(resolve));
    const second = enqueue(job);
    expect(await Promise.all([first, second])).toEqual(['added', 'duplicate']);
    expect(await stored()).toBe(1);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('answers a re-delivery of a stored event as a duplicate', async () => {
    const enqueue = createBullmqEnqueue(queue, redis, 1_000);
    const job = freshJob();
    expect(await enqueue(job)).toBe('added');
    expect(await enqueue(job)).toBe('duplicate');
    expect(await stored()).toBe(1);
  });

  it(`splits more than ${MAX_BATCH} concurrent jobs across writes and stores every one`, async () => {
    const addBulk = vi.spyOn(queue, 'addBulk');
    const enqueue = createBullmqEnqueue(queue, redis, 2_000);
    const jobs = Array.from({ length: 2 * MAX_BATCH + 44 }, freshJob);
    // The first job again, at the end of the last write: still a duplicate, not a second "added".
    const results = await Promise.all([...jobs, jobs[0] as EventJobRequest].map(enqueue));
    expect(results.filter((r) => r === 'added')).toHaveLength(jobs.length);
    expect(results.at(-1)).toBe('duplicate');
    expect(addBulk.mock.calls.map(([batch]) => batch.length)).toEqual([MAX_BATCH, MAX_BATCH, 44]);
    expect(await stored()).toBe(jobs.length);
  });

  it('refuses a job it cannot serialise alone, and stores the rest of its batch', async () => {
    const enqueue = createBullmqEnqueue(queue, redis, 2_000);
    const good = Array.from({ length: 200 }, freshJob);
    const deep = deepJob();
    const results = await Promise.all([...good.slice(0, 100), deep, ...good.slice(100)].map(enqueue));
    expect(results[100]).toBe('unstorable');
    expect(results.filter((r) => r === 'added')).toHaveLength(200);
    expect(await stored()).toBe(200);
    expect(await queue.getJob(deep.jobId)).toBeUndefined();
  });

  it('refuses a job it cannot serialise, and every copy of it, when it is written alone', async () => {
    const enqueue = createBullmqEnqueue(queue, redis, 1_000);
    const deep = deepJob();
    expect(await Promise.all([enqueue(deep), enqueue(deep)])).toEqual(['unstorable', 'unstorable']);
    expect(await stored()).toBe(0);
  });

  it.each([
    ['answers with an error', () => Promise.resolve([[new Error('NOPERM exists'), null]])],
    ['fails', () => Promise.reject(new Error('connection lost'))],
  ])('rejects, never reports added, when the existence check %s', async (_what, exec) => {
    // The same connection, but its EXISTS pipeline fails while the write itself goes through.
    const failing = new Proxy(redis, {
      get: (target, key, receiver) =>
        key === 'pipeline' ? () => ({ exec }) : (Reflect.get(target, key, receiver) as unknown),
    });
    const enqueue = createBullmqEnqueue(queue, failing, 1_000);
    await expect(enqueue(freshJob())).rejects.toThrow();
  });

  it('rejects with a timeout that names the enqueue when the write is not answered in time', async () => {
    vi.spyOn(queue, 'addBulk').mockReturnValue(new Promise(() => undefined));
    const enqueue = createBullmqEnqueue(queue, redis, 50);
    await expect(enqueue(freshJob())).rejects.toMatchObject({
      name: 'TimeoutError',
      message: 'enqueue took longer than 50 ms',
    });
  });
});
