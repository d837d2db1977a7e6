import { jobIdForEvent } from '@feishu-welcome/shared';
import {
  hasRedisServerBinary,
  makeUser,
  p2pChatCreate,
  redisCli,
  startReplicatedRedis,
  waitFor,
  type ReplicatedRedis,
} from '@feishu-welcome/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWsRig, type WsIngressRig } from './start-ws-ingress.js';

const eventIdOf = (envelope: Record<string, unknown>): string => String(envelope['uuid']);

describe.skipIf(!hasRedisServerBinary())('ENQUEUE_MIN_REPLICAS=1 (long connection)', () => {
  let redis: ReplicatedRedis;
  let rig: WsIngressRig;
  beforeAll(async () => {
    redis = await startReplicatedRedis();
    rig = await startWsRig({ redisUrl: redis.primary.url, enqueueMinReplicas: 1 });
    await rig.startIngress();
  });
  afterAll(async () => {
    await rig.close();
    await redis.stop();
  });

  it('acknowledges no event 200 while its replica is down, then the re-push once the replica holds it', async () => {
    await redis.stopReplica();
    const event = p2pChatCreate(makeUser());
    const eventId = eventIdOf(event);
    rig.standIn.wsPush(event);
    const [refused] = await waitFor('a refused attempt', () => {
      const attempts = rig.standIn.wsDeliveries({ eventId })[0]?.attempts ?? [];
      return attempts.length > 0 && attempts[0]?.outcome !== 'pending' ? attempts : undefined;
    });
    expect(refused).toMatchObject({ outcome: 'refused', code: 500 });
    // Stored on the primary all the same: only its acknowledgement waits for the replica.
    expect(await rig.hasJobFor(eventId)).toBe(true);

    await redis.startReplica();
    await rig.acked(eventId);
    const key = rig.queue.toKey(jobIdForEvent(eventId));
    expect((await redisCli(redis.replica.port, 'EXISTS', key)).trim()).toBe('1');
    const attempts = rig.standIn.wsDeliveries({ eventId })[0]?.attempts ?? [];
    expect(attempts.filter((attempt) => attempt.outcome === 'acked')).toHaveLength(1);
    expect(attempts.every((attempt) => attempt.outcome !== 'acked' || attempt.code === 200)).toBe(true);
  });
});
