import { makeUser, p2pChatCreate, waitFor } from '@feishu-welcome/testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { chatOf, idOf, startPipeline, type Pipeline } from './pipeline.js';

const redisUrl = inject('redisUrl');

describe('a Feishu that accepts sends and never answers', () => {
  let pipeline: Pipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    pipeline = undefined;
  });

  it('times the sends out and retries them, reports no progress on /readyz, then welcomes everyone once', async () => {
    // Few slots for many events, so that some send is always under way while Feishu is silent.
    pipeline = await startPipeline({
      redisUrl,
      workers: 2,
      workerEnv: { FEISHU_TIMEOUT_MS: '500', WORKER_CONCURRENCY: '4' },
    });
    const { standIn } = pipeline;
    // Feishu takes every message in, and its answers never come back.
    standIn.addFault({ kind: 'hang', deliver: true });
    const events = Array.from({ length: 40 }, () => p2pChatCreate(makeUser()));
    for (const event of events) expect(await pipeline.deliver(event)).toBe(200);

    // Unanswered for longer than any send can take (4 × 500 ms + 5 s), each worker says so.
    for (const ops of pipeline.workerOps) {
      const reply = await waitFor(
        'a worker to report no progress',
        async () => {
          const res = await fetch(`${ops}/readyz`);
          return res.status === 503 ? await res.json() : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(reply).toEqual({ status: 'not-ready', reason: 'no-progress' });
    }
    // Meanwhile the calls gave up at their timeout and the jobs were retried.
    const unanswered = standIn.requests().filter((r) => r.endpoint === 'messages' && r.outcome === 'faulted');
    expect(unanswered.length).toBeGreaterThan(events.length);
    const retried = await Promise.all(events.map(async (e) => (await pipeline?.job(idOf(e)))?.attemptsMade));
    expect(retried.some((attempts) => (attempts ?? 0) >= 1)).toBe(true);

    standIn.clearFaults();
    await pipeline.settled(90_000);
    for (const event of events) {
      expect(standIn.messages({ receive_id: chatOf(event) })).toHaveLength(1);
      expect(await (await pipeline.job(idOf(event)))?.getState()).toBe('completed');
    }
    for (const ops of pipeline.workerOps) expect((await fetch(`${ops}/readyz`)).status).toBe(200);
  }, 150_000);
});
