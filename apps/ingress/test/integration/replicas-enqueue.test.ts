import {
  FeishuEventJob,
  createLogger,
  jobIdForEvent,
  waitUntilReady,
  WriteNotFoundError,
  type TooFewReplicasError,
} from '@feishu-welcome/shared';
import {
  hasRedisServerBinary,
  makeUser,
  p2pChatCreate,
  redisCli,
  startRedisServer,
  startReplicatedRedis,
  uniqueQueueName,
  type ReplicatedRedis,
} from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  REPLICATION_MARK,
  createBullmqEnqueue,
  type ReplicaConfirmation,
} from '../../src/create-bullmq-enqueue.js';
import { createQueueConnection } from '../../src/create-queue-connection.js';
import type { EventJobRequest } from '../../src/enqueue.js';

function freshJob(): EventJobRequest {
  const event = p2pChatCreate(makeUser());
  const eventId = String(event['uuid']);
  const data = FeishuEventJob.parse({
    eventId,
    eventType: 'p2p_chat_create',
    receivedAt: 1,
    envelope: event,
  });
  return { jobId: jobIdForEvent(eventId), data };
}

describe.skipIf(!hasRedisServerBinary())('createBullmqEnqueue with a replica to confirm', () => {
  let servers: ReplicatedRedis;
  let redis: Redis;
  let queue: Queue;
  const shortfalls: [TooFewReplicasError, number][] = [];
  const oneReplica = (): ReplicaConfirmation => ({
    required: 1,
    node: () => redis,
    onShortfall: (error, events) => shortfalls.push([error, events]),
  });
  /** WAIT commands the primary has run so far. */
  const waits = async (): Promise<number> => {
    const stats = await redisCli(servers.primary.port, 'INFO', 'commandstats');
    return Number(/^cmdstat_wait:calls=(\d+)/m.exec(stats)?.[1] ?? 0);
  };
  const onReplica = async (key: string): Promise<boolean> =>
    (await redisCli(servers.replica.port, 'EXISTS', key)).trim() === '1';

  beforeAll(async () => {
    servers = await startReplicatedRedis();
  });
  afterAll(async () => {
    await servers.stop();
  });
  beforeEach(async () => {
    // A single Redis: the factory gives a plain connection.
    redis = createQueueConnection(
      { redisUrl: servers.primary.url, redisCluster: false },
      createLogger({ name: 'test', level: 'silent' }),
    ) as Redis;
    queue = new Queue(uniqueQueueName(), { connection: redis });
    await waitUntilReady(redis, 10_000);
    shortfalls.length = 0;
  });
  afterEach(async () => {
    await servers.startReplica();
    await queue.obliterate({ force: true });
    await queue.close();
    await redis.quit();
  });

  it('sends one WAIT for a whole batch, and answers it once the replica holds every job', async () => {
    const enqueue = createBullmqEnqueue(queue, redis, 1_000, oneReplica());
    const jobs = Array.from({ length: 40 }, freshJob);
    const before = await waits();
    expect(await Promise.all(jobs.map((job) => enqueue(job)))).toEqual(jobs.map(() => 'added'));
    expect((await waits()) - before).toBe(1);
    for (const job of jobs) expect(await onReplica(queue.toKey(job.jobId))).toBe(true);
    // Written after the checks that the jobs are on this node: what the WAIT counts.
    expect(await onReplica(queue.toKey(REPLICATION_MARK))).toBe(true);
  });

  it('sends no WAIT at all without replicas to confirm', async () => {
    const enqueue = createBullmqEnqueue(queue, redis, 1_000);
    const before = await waits();
    expect(await Promise.all([enqueue(freshJob()), enqueue(freshJob())])).toEqual(['added', 'added']);
    expect(await waits()).toBe(before);
  });

  it('confirms a re-push too: its mark, written after the check, covers the first copy', async () => {
    const enqueue = createBullmqEnqueue(queue, redis, 1_000, oneReplica());
    const job = freshJob();
    expect(await enqueue(job)).toBe('added');
    await redis.del(queue.toKey(REPLICATION_MARK));
    expect(await enqueue(job)).toBe('duplicate');
    expect(await onReplica(queue.toKey(REPLICATION_MARK))).toBe(true);
  });

  it('refuses a batch whose jobs are not on the node asked to confirm them (the write went elsewhere)', async () => {
    // As when a moving slot's ASK sent the write to another node, or a resent command reached a new
    // server: that node's replicas would confirm nothing of it.
    const elsewhere = await startRedisServer();
    const other = new Redis(elsewhere.url);
    try {
      const enqueue = createBullmqEnqueue(queue, redis, 1_000, { ...oneReplica(), node: () => other });
      await expect(enqueue(freshJob())).rejects.toBeInstanceOf(WriteNotFoundError);
    } finally {
      other.disconnect();
      await elsewhere.stop();
    }
  });

  it('rejects the whole batch within the time allowed when no replica confirms, and reports it once', async () => {
    const enqueue = createBullmqEnqueue(queue, redis, 600, oneReplica());
    await servers.stopReplica();
    const job = freshJob();
    const started = Date.now();
    const answers = await Promise.allSettled([enqueue(job), enqueue(job), enqueue(freshJob())]);
    expect(Date.now() - started).toBeLessThan(600 + 400);
    expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(shortfalls.map(([error, events]) => [error.confirmed, error.required, events])).toEqual([
      [0, 1, 3],
    ]);
  });
});
