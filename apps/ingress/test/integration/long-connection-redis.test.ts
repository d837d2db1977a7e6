import { makeUser, p2pChatCreate, startOwnedRedis, waitFor, type RedisHandle } from '@feishu-welcome/testing';
import { jobIdForEvent } from '@feishu-welcome/shared';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWsRig, type WsIngressRig } from './start-ws-ingress.js';

const eventIdOf = (envelope: Record<string, unknown>): string => String(envelope['uuid']);

// `CLIENT PAUSE` stops every client of a server, so these tests own theirs.
describe('the long connection while Redis does not store', () => {
  let redis: RedisHandle;
  let admin: Redis;
  let rig: WsIngressRig;
  beforeAll(async () => {
    redis = await startOwnedRedis();
    admin = new Redis(redis.url);
  });
  afterEach(async () => {
    await admin.call('CLIENT', 'UNPAUSE');
    await rig.close();
  });
  afterAll(async () => {
    admin.disconnect();
    await redis.dispose();
  });

  it('acknowledges nothing 200 while writes are paused, then stores and acknowledges the re-push', async () => {
    rig = await startWsRig({ redisUrl: redis.url });
    await rig.startIngress();
    const event = p2pChatCreate(makeUser());
    // Reads still answer, so the test can look; the ingress's write waits past ENQUEUE_TIMEOUT_MS.
    await admin.call('CLIENT', 'PAUSE', '20000', 'WRITE');
    rig.standIn.wsPush(event);
    const [refused] = await waitFor('a refused attempt', () => {
      const attempts = rig.standIn.wsDeliveries({ eventId: eventIdOf(event) })[0]?.attempts ?? [];
      return attempts.length > 0 && attempts[0]?.outcome !== 'pending' ? attempts : undefined;
    });
    expect(refused).toMatchObject({ outcome: 'refused', code: 500 });
    // A plain read: BullMQ's own lookups run scripts, which the pause holds back too.
    expect(await admin.exists(rig.queue.toKey(jobIdForEvent(eventIdOf(event))))).toBe(0);
    expect(rig.standIn.wsDeliveries({ eventId: eventIdOf(event) })[0]?.acked).toBe(false);

    await admin.call('CLIENT', 'UNPAUSE');
    await rig.acked(eventIdOf(event));
    expect(await rig.hasJobFor(eventIdOf(event))).toBe(true);
    expect(await rig.jobCount()).toBe(1);
    const attempts = rig.standIn.wsDeliveries({ eventId: eventIdOf(event) })[0]?.attempts ?? [];
    expect(attempts.filter((attempt) => attempt.outcome === 'acked')).toHaveLength(1);
    expect(attempts.every((attempt) => attempt.outcome !== 'acked' || attempt.code === 200)).toBe(true);
  });

  it('on close(), leaves new frames unanswered but acknowledges the event in flight once it is stored', async () => {
    rig = await startWsRig({ redisUrl: redis.url });
    const ingress = await rig.startIngress();
    const inFlight = p2pChatCreate(makeUser());
    const late = p2pChatCreate(makeUser());
    // Shorter than ENQUEUE_TIMEOUT_MS: the write waits, then succeeds.
    await admin.call('CLIENT', 'PAUSE', '700', 'WRITE');
    rig.standIn.wsPush(inFlight);
    await waitFor('the event to reach the ingress', async () => {
      const metric = await ingress.registry.getSingleMetric('feishu_ingress_ws_events_total')?.get();
      return metric?.values.some((v) => v.labels['outcome'] === 'received' && v.value === 1);
    });
    const closed = ingress.close();
    rig.standIn.wsPush(late);
    await closed;

    const [delivery] = rig.standIn.wsDeliveries({ eventId: eventIdOf(inFlight) });
    expect(delivery?.attempts).toEqual([expect.objectContaining({ outcome: 'acked', code: 200 })]);
    expect(await rig.hasJobFor(eventIdOf(inFlight))).toBe(true);
    const [lateDelivery] = rig.standIn.wsDeliveries({ eventId: eventIdOf(late) });
    expect(lateDelivery?.acked).toBe(false);
    expect(await rig.hasJobFor(eventIdOf(late))).toBe(false);
    expect(rig.standIn.wsConnections().map((connection) => connection.state)).toEqual(['closed']);
  });

  it('refuses at once what comes beyond its bound of events being stored, and stores the rest', async () => {
    rig = await startWsRig({ redisUrl: redis.url, ingress: { maxInFlight: 3 } });
    await rig.startIngress();
    const events = Array.from({ length: 8 }, () => p2pChatCreate(makeUser()));
    // Long enough to hold the first three writes, shorter than ENQUEUE_TIMEOUT_MS.
    await admin.call('CLIENT', 'PAUSE', '600', 'WRITE');
    for (const event of events) rig.standIn.wsPush(event);
    await Promise.all(events.map((event) => rig.acked(eventIdOf(event))));
    const firsts = events.map(
      (event) => rig.standIn.wsDeliveries({ eventId: eventIdOf(event) })[0]?.attempts[0],
    );
    expect(firsts.filter((attempt) => attempt?.outcome === 'acked')).toHaveLength(3);
    expect(firsts.filter((attempt) => attempt?.outcome === 'refused' && attempt.code === 500)).toHaveLength(
      5,
    );
    expect(await rig.jobCount()).toBe(8);
  });
});
