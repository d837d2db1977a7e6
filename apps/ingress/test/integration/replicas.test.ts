import { jobIdForEvent } from '@feishu-welcome/shared';
import {
  hasRedisServerBinary,
  makeUser,
  p2pChatCreate,
  plainPush,
  redisCli,
  startReplicatedRedis,
  waitFor,
  type ReplicatedRedis,
} from '@feishu-welcome/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startIngress, type RunningIngress } from './start-ingress.js';

/** The helper's ENQUEUE_TIMEOUT_MS, and what a 503 may take beyond it (a slow, shared machine). */
const ENQUEUE_TIMEOUT_MS = 1_000;
const MARGIN_MS = 500;

const eventIdOf = (envelope: Record<string, unknown>): string => String(envelope['uuid']);

async function readiness(ingress: RunningIngress): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${ingress.opsUrl}/readyz`);
  return { status: response.status, body: await response.json() };
}

describe.skipIf(!hasRedisServerBinary())('ENQUEUE_MIN_REPLICAS=1 (webhook)', () => {
  let redis: ReplicatedRedis;
  let ingress: RunningIngress;
  /** A second ingress on the same queue, with connections of its own. */
  let other: RunningIngress;
  const onReplica = async (eventId: string): Promise<boolean> =>
    (await redisCli(redis.replica.port, 'EXISTS', ingress.queue.toKey(jobIdForEvent(eventId)))).trim() ===
    '1';

  beforeAll(async () => {
    redis = await startReplicatedRedis();
    ingress = await startIngress({ redisUrl: redis.primary.url, encrypted: false, enqueueMinReplicas: 1 });
    other = await startIngress({
      redisUrl: redis.primary.url,
      encrypted: false,
      enqueueMinReplicas: 1,
      queuePrefix: ingress.queue.opts.prefix,
    });
  });
  afterEach(async () => {
    redis.thawReplica();
    await redis.startReplica();
  });
  afterAll(async () => {
    await other.close();
    await ingress.close();
    await redis.stop();
  });

  it('answers 200 once the replica holds the job', async () => {
    const event = p2pChatCreate(makeUser());
    expect((await ingress.post(plainPush(event))).status).toBe(200);
    // No waiting: the 200 itself says the replica has it.
    expect(await onReplica(eventIdOf(event))).toBe(true);
    expect(await readiness(ingress)).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('answers 503 within ENQUEUE_TIMEOUT_MS while the replica is down, is not ready, then recovers', async () => {
    await redis.stopReplica();
    expect(await readiness(ingress)).toEqual({
      status: 503,
      body: { status: 'not-ready', reason: 'too-few-replicas' },
    });
    // The webhook's own port says why too, for a load balancer that probes it there.
    const onPublicPort = await fetch(`${ingress.url}/readyz`);
    expect({ status: onPublicPort.status, body: await onPublicPort.json() }).toEqual({
      status: 503,
      body: { status: 'too-few-replicas' },
    });
    const event = p2pChatCreate(makeUser());
    const started = Date.now();
    const refused = await ingress.post(plainPush(event));
    expect(refused.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(ENQUEUE_TIMEOUT_MS + MARGIN_MS);
    // Stored on the primary, yet refused: a failover now could lose it, so Feishu must push it again.
    expect(await ingress.hasJobFor(eventIdOf(event))).toBe(true);
    const metrics = await (await fetch(`${ingress.opsUrl}/metrics`)).text();
    expect(metrics).toMatch(/^feishu_ingress_unreplicated_total [1-9]/m);

    await redis.startReplica();
    await waitFor('the ingress to be ready', async () => (await readiness(ingress)).status === 200);
    expect((await ingress.post(plainPush(event))).status).toBe(200);
    expect(await onReplica(eventIdOf(event))).toBe(true);
  });

  it('answers /readyz while a WAIT holds the queue connection, rather than after it', async () => {
    // Frozen, the replica is still listed online but acknowledges nothing: the WAIT runs to its timeout.
    await redis.freezeReplica();
    const event = p2pChatCreate(makeUser());
    let answered = false;
    const push = ingress.post(plainPush(event)).then((response) => {
      answered = true;
      return response.status;
    });
    // Stored: the batch's WAIT is on the queue's connection now, until the push is answered 503.
    await waitFor('the job stored', () => ingress.hasJobFor(eventIdOf(event)));
    expect(await readiness(ingress)).toEqual({ status: 200, body: { status: 'ready' } });
    expect(answered).toBe(false);
    expect(await push).toBe(503);
  });

  it('answers a re-push of a stored, unconfirmed event 200 only once the replica holds it', async () => {
    // This ingress's connection has a write the replica holds: a WAIT covering only that would pass at
    // once. What makes it wait is a write after the job on this connection: the mark, and BullMQ's own
    // `duplicated` entry on the queue's event stream, so this test cannot tell the two apart.
    expect((await other.post(plainPush(p2pChatCreate(makeUser())))).status).toBe(200);
    await redis.freezeReplica();
    const event = p2pChatCreate(makeUser());
    // Stored through the first ingress's connection, never confirmed.
    expect((await ingress.post(plainPush(event))).status).toBe(503);
    expect(await ingress.hasJobFor(eventIdOf(event))).toBe(true);

    expect((await other.post(plainPush(event))).status).toBe(503);

    redis.thawReplica();
    await waitFor('the replica to catch up', () => onReplica(eventIdOf(event)));
    expect((await other.post(plainPush(event))).status).toBe(200);
  });
});
