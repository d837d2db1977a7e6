import { startFeishuStandIn, type RunningFeishuStandIn } from '@feishu-welcome/feishu-stand-in';
import { FEISHU_EVENTS_QUEUE, createLogger } from '@feishu-welcome/shared';
import { TEST_APP, uniqueQueueName, waitFor } from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startWorker, type RunningWorker } from '../../src/start-worker.js';
import { loadWorkerConfig } from '../../src/worker-config.js';
import { JobWait } from '../../src/park-job.js';
import { enqueueWelcomes, requestTimes } from './tenant-welcomes.js';
import { windowPeak } from '../window-peak.js';

const redisUrl = inject('redisUrl');
const log = createLogger({ name: 'fairness-test', level: 'silent' });

/**
 * Each tenant's limit: low, so that a backlog takes long to drain whatever the machine, and the tests
 * are about who goes first, not about speed.
 */
const PER_SECOND = 5;
/** The bound: a quiet tenant's user is welcomed within this of the acknowledgement. */
const WELCOME_WITHIN_MS = 3_000;

/** Why a job says it waits, if it does. */
const JobWaitOf = (progress: unknown) => JobWait.safeParse(progress).data?.waiting;

interface Rig {
  readonly standIn: RunningFeishuStandIn;
  readonly queue: Queue;
  /** Starts one more worker, in this process, sharing the queue and the limits. */
  startWorker(concurrency: number): Promise<RunningWorker>;
  /** Enqueues a new user's first chat for `tenantKey` and resolves how long its welcome took. */
  welcomeTime(tenantKey: string): Promise<number>;
  close(): Promise<void>;
}

async function startRig(): Promise<Rig> {
  // The stand-in limits nothing here: the test reads each tenant's pace from its request log.
  const standIn = await startFeishuStandIn({
    appId: TEST_APP.appId,
    appSecret: TEST_APP.appSecret,
    ratePerSecond: 0,
    ratePerMinute: 0,
    perReceiverPerSecond: 0,
  });
  const prefix = uniqueQueueName();
  const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection: { url: redisUrl }, prefix });
  const workers: RunningWorker[] = [];
  let quiet = 0;
  return {
    standIn,
    queue,
    async startWorker(concurrency) {
      const config = loadWorkerConfig({
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        FEISHU_APP_ID: TEST_APP.appId,
        FEISHU_APP_SECRET: TEST_APP.appSecret,
        FEISHU_DOMAIN: standIn.url,
        SEND_RATE_PER_SECOND: String(PER_SECOND),
        WORKER_CONCURRENCY: String(concurrency),
      });
      const worker = await startWorker({ ...config, metricsPort: 0 }, { log });
      workers.push(worker);
      return worker;
    },
    async welcomeTime(tenantKey) {
      const [chat] = await enqueueWelcomes(queue, tenantKey, 1, `quiet${quiet++}`);
      // Stored: this is when the ingress would acknowledge the event.
      const acknowledged = Date.now();
      await waitFor(
        'the quiet user to be welcomed',
        () => standIn.messages({ receive_id: chat }).length > 0,
        {
          timeoutMs: 30_000,
          intervalMs: 10,
        },
      );
      return (standIn.messages({ receive_id: chat })[0]?.received_at ?? Infinity) - acknowledged;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await queue.obliterate({ force: true });
      await queue.close();
      await standIn.close();
    },
  };
}

describe('one tenant does not hold up another (real Redis, real HTTP)', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it.each([1, 50])(
    'welcomes a quiet tenant’s user within 3 s while a backlog of 400 drains at its tenant’s limit (concurrency %i)',
    async (concurrency) => {
      rig = await startRig();
      await rig.startWorker(concurrency);
      const backlog = await enqueueWelcomes(rig.queue, 'busy', 400);
      // Behind the whole backlog in the queue, and again once the backlog has been draining a while.
      expect(await rig.welcomeTime('quiet')).toBeLessThanOrEqual(WELCOME_WITHIN_MS);
      await waitFor('the backlog to be draining', () => requestTimes(rig!.standIn, backlog).length >= 15);
      expect(await rig.welcomeTime('quiet')).toBeLessThanOrEqual(WELCOME_WITHIN_MS);

      // Meanwhile the backlog kept to its limit, and nobody spent an attempt on waiting.
      const sent = requestTimes(rig.standIn, backlog);
      expect(sent.length).toBeGreaterThan(PER_SECOND);
      expect(windowPeak(sent, 1_000)).toBeLessThanOrEqual(PER_SECOND);
      const delayed = await rig.queue.getJobs(['delayed']);
      expect(delayed.length).toBeGreaterThan(300);
      expect(delayed.every((job) => job.attemptsMade === 0)).toBe(true);
      expect(delayed.map((job) => job.progress)).toContainEqual({
        waiting: 'tenant-limit',
        until: expect.any(String) as unknown,
      });
    },
  );

  it('welcomes a quiet tenant’s user within 3 s while Feishu throttles a tenant with a backlog, whose jobs wait it out', async () => {
    rig = await startRig();
    await rig.startWorker(4);
    const backlog = await enqueueWelcomes(rig.queue, 'busy', 400);
    // Feishu throttles every send of the busy tenant once, for 2 s each time.
    const resetMs = 2_000;
    for (const chat of backlog)
      rig.standIn.addFault({ kind: 'throttle', receive_id: chat, reset_seconds: resetMs / 1_000, times: 1 });
    expect(await rig.welcomeTime('quiet')).toBeLessThanOrEqual(WELCOME_WITHIN_MS);
    const { standIn, queue } = rig;
    const throttledAt = () =>
      standIn
        .requests()
        .filter((request) => request.outcome === 'faulted')
        .map((request) => request.at);
    await waitFor('a throttled job to say why it waits', async () =>
      (await queue.getJobs(['delayed'])).some((job) => JobWaitOf(job.progress) === 'throttled'),
    );
    expect(await rig.welcomeTime('quiet')).toBeLessThanOrEqual(WELCOME_WITHIN_MS);
    // The busy tenant goes on after the pause, and is throttled again.
    const first = Math.min(...throttledAt());
    await waitFor(
      'a throttle after the first pause',
      () => throttledAt().some((at) => at > first + resetMs),
      {
        timeoutMs: 20_000,
      },
    );
    expect(await rig.welcomeTime('quiet')).toBeLessThanOrEqual(WELCOME_WITHIN_MS);

    // Each throttle held the busy tenant back for the reset Feishu gave (give or take sends already on
    // their way), and the other tenant not at all.
    const sent = requestTimes(standIn, backlog);
    for (const at of throttledAt())
      expect(sent.filter((t) => t > at + 250 && t < at + resetMs - 250)).toEqual([]);
    expect(windowPeak(sent, 1_000)).toBeLessThanOrEqual(PER_SECOND);
    const delayed = await queue.getJobs(['delayed']);
    expect(delayed.every((job) => job.attemptsMade === 0)).toBe(true);
  });

  it('keeps three tenants each to its own limit, through two workers, without spending an attempt on waiting', async () => {
    rig = await startRig();
    await rig.startWorker(3);
    await rig.startWorker(8);
    const tenants = ['tenant-a', 'tenant-b', 'tenant-c'];
    const chats = await Promise.all(tenants.map((tenant) => enqueueWelcomes(rig!.queue, tenant, 25)));
    const { standIn, queue } = rig;
    await waitFor('every job to be done', async () => (await queue.getCompletedCount()) === 75, {
      timeoutMs: 30_000,
    });

    for (const tenantChats of chats) {
      const sent = requestTimes(standIn, tenantChats);
      expect(sent).toHaveLength(25);
      expect(windowPeak(sent, 1_000)).toBeLessThanOrEqual(PER_SECOND);
    }
    const done = await queue.getJobs(['completed']);
    expect(done).toHaveLength(75);
    // Only the run that sent counts as an attempt; waiting for a turn is a pick, not an attempt.
    expect(done.every((job) => job.attemptsMade === 1)).toBe(true);
    // Each job was picked about twice: once to be given its turn, once to send, and again when its turn
    // slid while it waited (sends answered late on a loaded machine); never over and over while it
    // waited, as a job asking every few ms for a seconds-long wait would be.
    const picks = done.map((job) => job.attemptsStarted);
    expect(picks.reduce((sum, n) => sum + n, 0) / picks.length).toBeLessThanOrEqual(3);
    expect(Math.max(...picks)).toBeLessThanOrEqual(8);
    expect(done.every((job) => job.progress === 0)).toBe(true);
  });
});
