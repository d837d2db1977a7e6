import { FEISHU_EVENTS_QUEUE } from '@feishu-welcome/shared';

/** What a key under the bench's prefix is, for memory per kind. */
export type KeyClass = 'job' | 'queue' | 'events-stream' | 'onboarded' | 'limiter' | 'other';

export const KEY_CLASSES: readonly KeyClass[] = [
  'job',
  'queue',
  'events-stream',
  'onboarded',
  'limiter',
  'other',
];

/**
 * Sorts a key written by the product under `prefix`: a job's hash (its id is `ev-…` or `evh-…`, see
 * `jobIdForEvent`, and its `:logs` list with it); the queue's shared structures (wait list, completed
 * and failed sets, meta); BullMQ's events stream, capped (about 10,000 entries by default,
 * https://docs.bullmq.io/guide/events), so a fixed cost; the worker's per-user welcome records, kept
 * forever; the worker's send-rate limiter, bounded per tenant by the send limits; anything else.
 */
export function keyClass(prefix: string, key: string): KeyClass {
  const queue = `${prefix}:${FEISHU_EVENTS_QUEUE}:`;
  if (key.startsWith(queue)) {
    const rest = key.slice(queue.length);
    if (rest === 'events') return 'events-stream';
    return /^evh?-/.test(rest) ? 'job' : 'queue';
  }
  // The worker's own keys: `${QUEUE_PREFIX}:feishu-welcome:…` (apps/worker/src/start-worker.ts).
  const own = `${prefix}:feishu-welcome:`;
  if (key.startsWith(`${own}onboarded:`)) return 'onboarded';
  if (key.startsWith(`${own}{send-rate:`)) return 'limiter';
  return 'other';
}
