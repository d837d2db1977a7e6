import { uniqueQueueName } from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, inject } from 'vitest';

/**
 * A real queue for a test file's `TracedJob`s, on the suite's Redis, opened before its tests and
 * closed after them. It stays idle: a traced job records its calls back into Redis instead.
 */
export function useIdleQueue(): () => Queue {
  let queue: Queue | undefined;
  beforeAll(() => {
    queue = new Queue(uniqueQueueName(), { connection: { url: inject('redisUrl') } });
  });
  afterAll(async () => {
    await queue?.close();
  });
  return () => {
    if (queue === undefined) throw new Error('the idle queue is open only while the tests run');
    return queue;
  };
}
