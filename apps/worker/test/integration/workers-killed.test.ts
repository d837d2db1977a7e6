import { pathToFileURL } from 'node:url';
import { makeUser, p2pChatCreate, waitFor } from '@feishu-welcome/testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { MAX_WORKER_CRASHES } from '../../src/judge-crashes.js';
import { chatOf, idOf, startPipeline, type Pipeline } from './pipeline.js';

const redisUrl = inject('redisUrl');
const CRASH_HOOK = pathToFileURL(new URL('../fixtures/crash-on-receiver.mjs', import.meta.url).pathname).href;
/** A dead worker's jobs are taken over within about two lock periods. */
const FAST_TAKEOVER = { JOB_LOCK_MS: '1000' };

describe('workers that die', () => {
  let pipeline: Pipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    pipeline = undefined;
  });

  it('fail no acknowledged event when all of them are SIGKILLed again and again during a Feishu hang', async () => {
    // Calls hang far longer than the test: only the kills end them.
    const env = { ...FAST_TAKEOVER, FEISHU_TIMEOUT_MS: '120000' };
    pipeline = await startPipeline({ redisUrl, workers: 2, workerEnv: env });
    const { standIn } = pipeline;
    standIn.addFault({ kind: 'hang', deliver: true });
    const hung = () => standIn.requests().filter((r) => r.outcome === 'faulted').length;
    const events = Array.from({ length: 100 }, () => p2pChatCreate(makeUser()));
    for (const event of events) expect(await pipeline.deliver(event)).toBe(200);

    const ROUNDS = 4;
    let hungBefore = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      // Both workers' 16 slots full of sends Feishu does not answer, then both killed.
      await waitFor('both workers to hang on Feishu', () => hung() >= hungBefore + 32, { timeoutMs: 30_000 });
      const live = pipeline.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
      for (const worker of live) expect(await worker.kill('SIGKILL')).toBe('SIGKILL');
      hungBefore = hung();
      if (round === ROUNDS) standIn.clearFaults();
      await pipeline.startWorker();
      await pipeline.startWorker();
    }

    await pipeline.settled(90_000);
    const jobs = await Promise.all(events.map(async (event) => await pipeline?.job(idOf(event))));
    for (const event of events) expect(standIn.messages({ receive_id: chatOf(event) })).toHaveLength(1);
    const states = await Promise.all(jobs.map(async (job) => await job?.getState()));
    expect(states.filter((state) => state !== 'completed')).toEqual([]);
    // The workers died holding jobs, some more than once, and the jobs went on.
    expect(Math.max(...jobs.map((job) => job?.stalledCounter ?? 0))).toBeGreaterThanOrEqual(2);
  }, 150_000);

  it(`fails an event that kills the worker each time, at its ${MAX_WORKER_CRASHES}th kill, saying so`, async () => {
    // One job at a time, so that the deaths are the poison event's alone.
    pipeline = await startPipeline({
      redisUrl,
      workers: 0,
      workerEnv: { ...FAST_TAKEOVER, WORKER_CONCURRENCY: '1' },
    });
    const { standIn } = pipeline;
    const poison = p2pChatCreate(makeUser('Poison'));
    const others = Array.from({ length: 10 }, () => p2pChatCreate(makeUser()));
    for (const event of [...others.slice(0, 5), poison, ...others.slice(5)]) {
      expect(await pipeline.deliver(event)).toBe(200);
    }
    const hook = { NODE_OPTIONS: `--import=${CRASH_HOOK}`, CRASH_ON_RECEIVE_ID: chatOf(poison) };

    let deaths = 0;
    const poisonFailed = async () => (await (await pipeline?.job(idOf(poison)))?.getState()) === 'failed';
    while (!(await poisonFailed())) {
      const worker = await pipeline.startWorker(hook, { ready: false });
      const ended = await Promise.race([
        worker.exited(),
        waitFor('the poison event to fail', poisonFailed, { timeoutMs: 60_000 }).then(() => 'failed'),
      ]);
      if (ended === 'failed') break;
      expect(ended).toBe('SIGKILL');
      deaths += 1;
      expect(deaths).toBeLessThanOrEqual(MAX_WORKER_CRASHES);
    }

    expect(deaths).toBe(MAX_WORKER_CRASHES);
    const job = await pipeline.job(idOf(poison));
    expect(job?.failedReason).toContain(`this event crashed the worker ${MAX_WORKER_CRASHES} times`);
    expect(standIn.messages({ receive_id: chatOf(poison) })).toHaveLength(0);
    await pipeline.settled();
    for (const event of others) {
      expect(standIn.messages({ receive_id: chatOf(event) })).toHaveLength(1);
      expect(await (await pipeline.job(idOf(event)))?.getState()).toBe('completed');
    }
  }, 150_000);
});
