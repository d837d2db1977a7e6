import { TEST_APP } from '@feishu-welcome/testing';
import type { Queue } from 'bullmq';

/**
 * The Redis key of the welcome records of `tenantKey` (of the test app) for the pipeline whose queue is
 * `queue`: the worker keeps them under `QUEUE_PREFIX` as written, outside the queue's `{hash tag}` on a
 * cluster, so that each tenant's records may sit on a master of their own. Written out here, not taken
 * from the worker, so that a test also checks where the records are.
 */
export function onboardedRecordsKey(queue: Queue, tenantKey: string = TEST_APP.tenantKey): string {
  const keyPrefix = (queue.opts.prefix ?? '').replace(/^\{(.*)\}$/, '$1');
  return `${keyPrefix}:feishu-welcome:onboarded:${TEST_APP.appId}:${tenantKey}`;
}
