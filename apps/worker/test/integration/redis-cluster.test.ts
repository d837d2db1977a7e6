import {
  botP2pChatEntered,
  keySlot,
  makeUser,
  p2pChatCreate,
  startRedisCluster,
  waitFor,
  type RedisCluster,
} from '@feishu-welcome/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { onboardedRecordsKey } from './onboarded-records-key.js';
import { chatOf, idOf, startPipeline, type Pipeline } from './pipeline.js';

/** The slot of every key of a pipeline's queue: BullMQ's prefix is `{QUEUE_PREFIX}` on a cluster. */
const queueSlotOf = (pipeline: Pipeline) => keySlot(pipeline.queue.opts.prefix ?? '');

/** Two workers on the cluster, logging only what goes wrong. */
const startOnCluster = (cluster: RedisCluster, workerEnv?: Record<string, string>) =>
  startPipeline({ redisUrl: cluster.url, redisCluster: true, workers: 2, logLevel: 'warn', workerEnv });

/** Waits until each event's user has been welcomed and the queue is idle; then each has exactly one welcome, no job failed. */
async function expectEachWelcomedOnce(pipeline: Pipeline, events: Record<string, unknown>[]): Promise<void> {
  const { standIn } = pipeline;
  const unwelcomed = () =>
    events.filter((event) => standIn.messages({ receive_id: chatOf(event) }).length === 0);
  // A job whose attempts failed while a node was down waits out its backoff (2 s doubling, jittered):
  // a long outage on a loaded machine can put the last retry a minute or more after the node is back.
  try {
    await waitFor('every event to be welcomed', () => unwelcomed().length === 0, {
      timeoutMs: 150_000,
      intervalMs: 200,
    });
  } catch (error) {
    // Say where the missing ones are, for whoever reads a failed run.
    const jobs = await Promise.all(
      unwelcomed().map(async (event) => {
        const job = await pipeline.job(idOf(event));
        return job
          ? { state: await job.getState(), attemptsMade: job.attemptsMade, failedReason: job.failedReason }
          : 'no job';
      }),
    );
    throw new Error(`${String(error)}; not welcomed: ${JSON.stringify(jobs)}`, { cause: error });
  }
  await pipeline.settled(60_000);
  for (const event of events) expect(standIn.messages({ receive_id: chatOf(event) })).toHaveLength(1);
  expect(await pipeline.queue.getJobCounts('failed')).toEqual({ failed: 0 });
  expect(pipeline.logs()).not.toMatch(/CROSSSLOT/);
}

describe('the product on a Redis Cluster (3 masters)', () => {
  let cluster: RedisCluster;
  let pipeline: Pipeline | undefined;
  beforeAll(async () => {
    // Nodes keep an fsynced append-only file, so that a node killed and started again forgets nothing.
    cluster = await startRedisCluster({ appendOnly: true });
  });
  afterEach(async () => {
    await pipeline?.close();
    pipeline = undefined;
  });
  afterAll(async () => {
    await cluster.stop();
  });

  it('welcomes every user exactly once through two workers, within the send rate, never CROSSSLOT', async () => {
    const rate = 10;
    pipeline = await startPipeline({
      redisUrl: cluster.url,
      redisCluster: true,
      workers: 2,
      standIn: { ratePerSecond: rate },
      workerEnv: { SEND_RATE_PER_SECOND: String(rate), WORKER_CONCURRENCY: '8' },
    });
    const { standIn } = pipeline;
    const users = Array.from({ length: 30 }, (_, i) => makeUser(`user ${i}`));
    const events = users.map((user) => p2pChatCreate(user));
    const statuses = await Promise.all(events.map((event) => pipeline!.deliver(event)));
    expect(statuses.every((status) => status === 200)).toBe(true);
    await waitFor('every user to be welcomed', () => standIn.messages().length >= users.length, {
      timeoutMs: 60_000,
    });
    await pipeline.settled();

    // Each user enters the chat again, under new event ids: their onboarded records stop a second welcome.
    const again = users.map((user) => botP2pChatEntered(user));
    expect(await Promise.all(again.map((event) => pipeline!.deliver(event)))).toEqual(again.map(() => 200));
    await pipeline.settled();

    for (const event of events) expect(standIn.messages({ receive_id: chatOf(event) })).toHaveLength(1);
    const stats = standIn.stats();
    expect(stats.delivered).toBe(users.length);
    expect(stats.throttled).toBe(0);
    expect(stats.max_accepted_in_any_second).toBeLessThanOrEqual(rate);
    expect(await pipeline.queue.getJobCounts('completed', 'failed')).toEqual({
      completed: events.length + again.length,
      failed: 0,
    });
    expect(pipeline.logs()).not.toMatch(/CROSSSLOT|MOVED|"level":50/);
  }, 240_000);

  it("loses no acknowledged event while the master of the queue's slot is killed and started again", async () => {
    pipeline = await startOnCluster(cluster, { JOB_LOCK_MS: '2000' });
    const queueNode = await cluster.nodeServing(queueSlotOf(pipeline));
    const events = Array.from({ length: 90 }, () => p2pChatCreate(makeUser()));
    const answers = new Map<Record<string, unknown>, number>();
    const deliver = async (batch: Record<string, unknown>[]) => {
      const statuses = await Promise.all(batch.map((event) => pipeline!.deliver(event)));
      batch.forEach((event, i) => answers.set(event, statuses[i] ?? 0));
    };
    // A third goes in before the kill, a third while the node is down (in waves, each answered within
    // ENQUEUE_TIMEOUT_MS, until the other masters have marked it failed), a third after it is back.
    await deliver(events.slice(0, 30));
    await queueNode.stop();
    for (let wave = 30; wave < 60; wave += 10) await deliver(events.slice(wave, wave + 10));
    await queueNode.start();
    await cluster.waitUntilOk();
    await deliver(events.slice(60));

    const refused = events.filter((event) => answers.get(event) !== 200);
    // While the queue's master was down the ingress could store nothing: it said so, and stored nothing.
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((event) => (answers.get(event) ?? 0) >= 500)).toBe(true);
    // Feishu delivers again what was not acknowledged.
    await waitFor(
      'the refused events to be stored on a retry',
      async () => {
        for (const event of refused) {
          if (answers.get(event) !== 200) answers.set(event, await pipeline!.deliver(event));
        }
        return refused.every((event) => answers.get(event) === 200);
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    await expectEachWelcomedOnce(pipeline, events);
  }, 240_000);

  it("welcomes every acknowledged user once while the master of the tenant's onboarded records is killed and started again", async () => {
    pipeline = await startOnCluster(cluster, { SEND_RATE_PER_SECOND: '10', JOB_LOCK_MS: '2000' });
    const { standIn } = pipeline;
    const records = onboardedRecordsKey(pipeline.queue);
    const recordsNode = await cluster.nodeServing(keySlot(records));
    const events = Array.from({ length: 40 }, () => p2pChatCreate(makeUser()));
    expect(await Promise.all(events.map((event) => pipeline!.deliver(event)))).toEqual(events.map(() => 200));
    // Sends go at 10 a second: the node dies with most of them still to come, for a few seconds.
    await waitFor('the first welcomes', () => standIn.messages().length >= 5, { timeoutMs: 20_000 });
    await recordsNode.stop();
    await waitFor('the cluster to notice', async () => !(await cluster.isOk()), { timeoutMs: 20_000 });
    await recordsNode.start();
    await cluster.waitUntilOk();
    await expectEachWelcomedOnce(pipeline, events);
  }, 240_000);

  it("welcomes every user once while the queue's slot moves to another master (ASK, then MOVED)", async () => {
    pipeline = await startOnCluster(cluster);
    const slot = queueSlotOf(pipeline);
    const from = await cluster.nodeServing(slot);
    const to = cluster.nodes.find((node) => node !== from);
    if (!to) throw new Error('a cluster of one node');
    const events = Array.from({ length: 60 }, () => p2pChatCreate(makeUser()));
    const answers = new Map<Record<string, unknown>, number>();
    // Events flow in waves while the slot's keys move a few at a time.
    const flowing = (async () => {
      for (let wave = 0; wave < events.length; wave += 5) {
        const batch = events.slice(wave, wave + 5);
        const statuses = await Promise.all(batch.map((event) => pipeline!.deliver(event)));
        batch.forEach((event, i) => answers.set(event, statuses[i] ?? 0));
      }
    })();
    await waitFor('some events to be in the queue', () => answers.size >= 10);
    await cluster.moveSlot(slot, to, { batch: 3 });
    await flowing;
    expect(await cluster.nodeServing(slot)).toBe(to);

    // What was refused is delivered again, as Feishu would.
    for (const event of events) {
      if (answers.get(event) !== 200) answers.set(event, await pipeline.deliver(event));
    }
    expect(events.map((event) => answers.get(event))).toEqual(events.map(() => 200));
    await expectEachWelcomedOnce(pipeline, events);
  }, 240_000);
});
