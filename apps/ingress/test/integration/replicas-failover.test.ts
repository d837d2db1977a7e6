import {
  hasRedisServerBinary,
  makeUser,
  p2pChatCreate,
  plainPush,
  startReplicatedRedis,
  waitFor,
  type ReplicatedRedis,
} from '@feishu-welcome/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { FAILOVER_SCENARIOS, failOverMidStream } from './fail-over-mid-stream.js';
import { eventIdOf, pushStream } from './push-stream.js';
import { startIngress, type RunningIngress } from './start-ingress.js';

const EVENTS = 150;

describe.skipIf(!hasRedisServerBinary())('a failover with ENQUEUE_MIN_REPLICAS=1', () => {
  let redis: ReplicatedRedis | undefined;
  const ingresses: RunningIngress[] = [];
  afterEach(async () => {
    // The killed primary comes back empty, so that the first ingress's queue can close.
    await redis?.primary.start();
    await Promise.all(ingresses.splice(0).map((ingress) => ingress.close()));
    await redis?.stop();
  });

  it.each(FAILOVER_SCENARIOS)('loses no acknowledged event: $scenario', async ({ split }) => {
    redis = await startReplicatedRedis();
    const first = await startIngress({
      redisUrl: redis.primary.url,
      encrypted: false,
      enqueueMinReplicas: 1,
    });
    ingresses.push(first);
    const events = Array.from({ length: EVENTS }, () => p2pChatCreate(makeUser()));
    const stream = pushStream(async (event) => (await first.post(plainPush(event))).status, events);

    await waitFor('a third of the events answered', () => stream.statuses.size >= EVENTS / 3);
    await failOverMidStream(redis, stream, split);

    const acknowledged = events.map(eventIdOf).filter((id) => stream.statuses.get(id) === 200);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.length).toBeLessThan(EVENTS);

    // What Feishu does next: it pushes again what got no 200, now to an ingress on the promoted replica
    // (which has no replica of its own yet, hence ENQUEUE_MIN_REPLICAS=0 there).
    const second = await startIngress({
      redisUrl: redis.replica.url,
      encrypted: false,
      queuePrefix: first.queue.opts.prefix,
    });
    ingresses.push(second);
    for (const event of events.filter((event) => stream.statuses.get(eventIdOf(event)) !== 200)) {
      expect((await second.post(plainPush(event))).status).toBe(200);
    }
    const lost: string[] = [];
    for (const id of acknowledged) if (!(await second.hasJobFor(id))) lost.push(id);
    expect(lost).toEqual([]);
    expect(await second.jobCount()).toBe(EVENTS);
  });
});
