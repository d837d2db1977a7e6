import type { Redis } from 'ioredis';
import { readRedisInfo, infoNumber } from '../report/redis-info.js';
import { KEY_CLASSES, type KeyClass, keyClass } from './key-class.js';

/** Redis's memory at one moment, and what the keys under one prefix hold, per kind of key. */
export interface MemorySnapshot {
  /** `INFO memory` `used_memory`: everything, allocator overhead of the keyspace included. */
  readonly usedMemory: number;
  /** `MEMORY USAGE <key> SAMPLES 0` summed per kind (exact for every element, not sampled). */
  readonly bytes: Readonly<Record<KeyClass, number>>;
  readonly keys: Readonly<Record<KeyClass, number>>;
}

const SCAN_COUNT = 1_000;

const zeros = (): Record<KeyClass, number> =>
  Object.fromEntries(KEY_CLASSES.map((name) => [name, 0])) as Record<KeyClass, number>;

/**
 * Scans every key under `prefix` and asks Redis what each holds. Only for a bench's private Redis:
 * SCAN and MEMORY USAGE over every key would be slow on a large production keyspace.
 * MEMORY USAGE: https://redis.io/docs/latest/commands/memory-usage/
 */
export async function snapshotMemory(redis: Redis, prefix: string): Promise<MemorySnapshot> {
  const usedMemory = infoNumber(await readRedisInfo(redis, 'memory'), 'used_memory');
  const bytes = zeros();
  const keys = zeros();
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', SCAN_COUNT);
    cursor = next;
    const replies = await redis.pipeline(found.map((key) => ['memory', 'usage', key, 'samples', '0'])).exec();
    found.forEach((key, i) => {
      const kind = keyClass(prefix, key);
      const reply = replies?.[i];
      if (reply?.[0]) throw reply[0];
      // A key gone between SCAN and MEMORY USAGE answers null: it holds nothing any more.
      bytes[kind] += Number(reply?.[1] ?? 0);
      keys[kind] += 1;
    });
  } while (cursor !== '0');
  return { usedMemory, bytes, keys };
}

/** Bytes per unit between two snapshots: `used_memory`'s growth and each kind's. */
export interface MemoryGrowth {
  readonly usedMemoryPerUnit: number;
  readonly bytesPerUnit: Readonly<Record<KeyClass, number>>;
}

/** How much each kind grew from `before` to `after`, per `units` (jobs added, users welcomed). */
export function memoryGrowth(before: MemorySnapshot, after: MemorySnapshot, units: number): MemoryGrowth {
  const bytesPerUnit = zeros();
  for (const kind of KEY_CLASSES) bytesPerUnit[kind] = (after.bytes[kind] - before.bytes[kind]) / units;
  return { usedMemoryPerUnit: (after.usedMemory - before.usedMemory) / units, bytesPerUnit };
}

/**
 * Bytes a job itself holds while kept, per unit of `growth`: `used_memory`'s growth less what does not
 * come and go with the job — the capped events stream, the limiter (bounded per tenant), the per-user
 * welcome records (kept forever, counted apart) and any other key. What is left is the job's hash and
 * its entry in the queue's sets, with the keyspace's own overhead for them.
 */
export function jobOwnBytes(growth: MemoryGrowth): number {
  const apart = growth.bytesPerUnit;
  return growth.usedMemoryPerUnit - apart['events-stream'] - apart.limiter - apart.onboarded - apart.other;
}
