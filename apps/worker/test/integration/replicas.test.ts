import { randomUUID } from 'node:crypto';
import {
  TEST_APP,
  appTicket,
  hasRedisServerBinary,
  makeUser,
  p2pChatCreate,
  startReplicatedRedis,
  waitFor,
  type ReplicatedRedis,
} from '@feishu-welcome/testing';
import { Redis } from 'ioredis';
import type { FeishuStandInOptions } from '@feishu-welcome/feishu-stand-in';
import { afterEach, describe, expect, it } from 'vitest';
import { chatOf, idOf, startPipeline, type Pipeline } from './pipeline.js';
import { workerReadiness as readiness, unreplicatedCount } from './worker-ops.js';

/** Waits until the job of `eventId` has failed an attempt (and is retried). */
async function attemptFailed(pipeline: Pipeline, eventId: string): Promise<void> {
  await waitFor('a failed attempt', async () => ((await pipeline.job(eventId))?.attemptsMade ?? 0) >= 1);
}

/** Waits until the job of `eventId` has completed, its retries' backoff included. */
async function jobCompleted(pipeline: Pipeline, eventId: string): Promise<void> {
  await waitFor(
    'the job to complete',
    async () => (await (await pipeline.job(eventId))?.getState()) === 'completed',
    { timeoutMs: 30_000 },
  );
}

/** The first line of `output` that says `text`, as logged (`{}` if none). */
const loggedLine = (output: string | undefined, text: string): unknown =>
  JSON.parse(output?.split('\n').find((line) => line.includes(text)) ?? '{}');

describe.skipIf(!hasRedisServerBinary())('a worker with ENQUEUE_MIN_REPLICAS=1', () => {
  let redis: ReplicatedRedis | undefined;
  let pipeline: Pipeline | undefined;
  let replicaClient: Redis | undefined;
  afterEach(async () => {
    replicaClient?.disconnect();
    replicaClient = undefined;
    await pipeline?.close();
    pipeline = undefined;
    await redis?.stop();
    redis = undefined;
  });

  /** A primary with one replica, and one worker on it asking ENQUEUE_MIN_REPLICAS=1 (plus `options`). */
  async function startOnReplicatedRedis(
    options: { standIn?: FeishuStandInOptions; workerEnv?: Record<string, string> } = {},
  ): Promise<{ redis: ReplicatedRedis; pipeline: Pipeline }> {
    const started = await startReplicatedRedis();
    redis = started;
    pipeline = await startPipeline({
      redisUrl: started.primary.url,
      workers: 1,
      ...options,
      workerEnv: { ...options.workerEnv, ENQUEUE_MIN_REPLICAS: '1' },
    });
    return { redis: started, pipeline };
  }

  it('completes a welcome only once the replica holds its record, retrying meanwhile, and sends it once', async () => {
    ({ redis, pipeline } = await startOnReplicatedRedis());
    const [ops] = pipeline.workerOps as [string];
    const [worker] = pipeline.workers;
    const { standIn } = pipeline;

    await redis.stopReplica();
    await waitFor('the worker to say why it is not ready', async () => {
      const { body } = await readiness(ops);
      return JSON.stringify(body) === JSON.stringify({ status: 'not-ready', reason: 'too-few-replicas' });
    });
    const user = makeUser('Replica Worker User');
    const event = p2pChatCreate(user);
    expect(await pipeline.deliver(event)).toBe(200);

    // Welcomed, recorded on the primary, yet the job does not complete: a failover now could lose it.
    await waitFor('the welcome', () => standIn.messages({ receive_id: chatOf(event) }).length === 1);
    await attemptFailed(pipeline, idOf(event));
    expect(await (await pipeline.job(idOf(event)))?.getState()).not.toBe('completed');
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    expect(metrics).toMatch(/^feishu_worker_unreplicated_total [1-9]/m);
    expect(loggedLine(worker?.output(), 'too few replicas confirmed the welcome record')).toMatchObject({
      level: 40,
      confirmed: 0,
      required: 1,
    });

    await redis.startReplica();
    await jobCompleted(pipeline, idOf(event));
    const job = await pipeline.job(idOf(event));
    expect(job?.returnvalue).toMatchObject({ outcome: 'already-welcomed' });
    expect(standIn.messages({ receive_id: chatOf(event) })).toHaveLength(1);
    expect(standIn.stats().requests).toBe(1);
    expect((await readiness(ops)).status).toBe(200);
    expect(worker?.output()).not.toContain(user.name);
  }, 60_000);

  it('keeps saying too-few-replicas while its welcomes wait on the replicas, not a bare not-ready', async () => {
    ({ redis, pipeline } = await startOnReplicatedRedis());
    const [ops] = pipeline.workerOps as [string];
    const running = pipeline;
    await redis.stopReplica();
    const events = Array.from({ length: 6 }, () => p2pChatCreate(makeUser()));
    for (const event of events) expect(await running.deliver(event)).toBe(200);
    await waitFor('the welcomes to wait on the replica', async () => {
      const jobs = await Promise.all(events.map((event) => running.job(idOf(event))));
      return jobs.filter((job) => (job?.attemptsMade ?? 0) >= 1).length >= 3;
    });

    // Each retry's WAIT runs out its second meanwhile: /readyz must still say why.
    const reasons = new Set<string>();
    for (let i = 0; i < 30; i++) {
      reasons.add(JSON.stringify((await readiness(ops)).body));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect([...reasons]).toEqual([JSON.stringify({ status: 'not-ready', reason: 'too-few-replicas' })]);
  }, 60_000);

  it('completes an app_ticket job only once the replica holds the ticket, retrying meanwhile, never logging it', async () => {
    ({ redis, pipeline } = await startOnReplicatedRedis({
      standIn: { appType: 'store', storeApp: { pushTicketAtStart: false } },
      workerEnv: { FEISHU_APP_TYPE: 'store' },
    }));
    const [ops] = pipeline.workerOps as [string];
    const running = pipeline;
    // The worker started without a ticket and asked for one: that push is kept and confirmed first.
    await waitFor('the ticket asked for at start', () => running.standIn.store.stats().tickets_pushed >= 1);
    await pipeline.settled();
    expect(await unreplicatedCount(ops)).toBe(0);

    await redis.stopReplica();
    const ticket = `ticket-${randomUUID()}`;
    const push = appTicket({ ticket });
    expect(await pipeline.deliver(push)).toBe(200);

    // Kept on the primary, yet the job does not complete: a failover now would lose the ticket.
    await attemptFailed(pipeline, idOf(push));
    expect(await (await pipeline.job(idOf(push)))?.getState()).not.toBe('completed');
    expect(await unreplicatedCount(ops)).toBeGreaterThanOrEqual(1);
    expect(loggedLine(pipeline.logs(), 'too few replicas confirmed the saved app_ticket')).toMatchObject({
      level: 40,
      confirmed: 0,
      required: 1,
    });

    await redis.startReplica();
    await jobCompleted(pipeline, idOf(push));
    expect((await pipeline.job(idOf(push)))?.returnvalue).toEqual({ outcome: 'app-ticket-saved' });
    // Written out, not taken from the worker: the ticket the job completed for is on the replica.
    replicaClient = new Redis(redis.replica.url);
    const key = `${String(pipeline.queue.opts.prefix)}:feishu-welcome:app-ticket:${TEST_APP.appId}`;
    expect(await replicaClient.hget(key, 'ticket')).toBe(ticket);
    expect(pipeline.logs()).not.toContain(ticket);
  }, 60_000);
});
