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
import { startIngress, type RunningIngress } from './start-ingress.js';

const EVENTS = 150;
const CONCURRENCY = 8;

const eventIdOf = (envelope: Record<string, unknown>): string => String(envelope['uuid']);

/** Pushes every event, `CONCURRENCY` at a time, recording each answer's status (0: no answer). */
function pushStream(ingress: RunningIngress, events: readonly Record<string, unknown>[]) {
  const statuses = new Map<string, number>();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < events.length) {
      const event = events[next++] as Record<string, unknown>;
      const status = await ingress.post(plainPush(event)).then(
        (response) => response.status,
        () => 0,
      );
      statuses.set(eventIdOf(event), status);
    }
  };
  const done = Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return { statuses, done };
}

describe.skipIf(!hasRedisServerBinary())('a failover with ENQUEUE_MIN_REPLICAS=1', () => {
  let redis: ReplicatedRedis | undefined;
  const ingresses: RunningIngress[] = [];
  afterEach(async () => {
    // The killed primary comes back empty, so that the first ingress's queue can close.
    await redis?.primary.start();
    redis?.thawReplica();
    await Promise.all(ingresses.splice(0).map((ingress) => ingress.close()));
    await redis?.stop();
  });

  it.each([
    { lagging: false, scenario: 'the primary killed mid-stream' },
    { lagging: true, scenario: 'the primary killed mid-stream while its replica lags behind' },
  ])('loses no acknowledged event: $scenario', async ({ lagging }) => {
    redis = await startReplicatedRedis();
    const first = await startIngress({
      redisUrl: redis.primary.url,
      encrypted: false,
      enqueueMinReplicas: 1,
    });
    ingresses.push(first);
    const events = Array.from({ length: EVENTS }, () => p2pChatCreate(makeUser()));
    const stream = pushStream(first, events);

    await waitFor('a third of the events answered', () => stream.statuses.size >= EVENTS / 3);
    if (lagging) {
      await redis.freezeReplica();
      const answered = stream.statuses.size;
      await waitFor('events answered while the replica lags', () => stream.statuses.size >= answered + 16);
    }
    redis.primary.kill();
    await stream.done;
    redis.thawReplica();
    await redis.promote();

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
