import { makeUser, p2pChatCreate, waitFor } from '@feishu-welcome/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startPipeline, type Pipeline } from './pipeline.js';

const redisUrl = inject('redisUrl');

describe('SIGTERM to a worker under load', () => {
  let pipeline: Pipeline;
  afterAll(async () => {
    await pipeline.close();
  });

  it('exits 0, hands back the sends it could not finish, and nobody is lost or welcomed twice', async () => {
    pipeline = await startPipeline({
      redisUrl,
      workers: 2,
      workerEnv: { WORKER_CONCURRENCY: '4', SHUTDOWN_GRACE_MS: '300', JOB_LOCK_MS: '5000' },
    });
    const { standIn } = pipeline;
    // A slow Feishu: every send takes a second and a half, so sends are in flight when SIGTERM comes.
    standIn.addFault({ kind: 'hang', delay_ms: 1_500 });
    const events = Array.from({ length: 24 }, () => p2pChatCreate(makeUser()));
    for (const event of events) expect(await pipeline.deliver(event)).toBe(200);
    await waitFor('sends to be in flight', () => standIn.requests().length >= 6);

    const [leaving] = pipeline.workers;
    expect(await leaving?.kill('SIGTERM')).toBe(0);
    expect(leaving?.output()).toContain('job handed back on shutdown');

    await waitFor('every user to be welcomed', () => standIn.messages().length >= events.length, {
      timeoutMs: 60_000,
    });
    await pipeline.settled();
    const chatOf = (e: Record<string, unknown>) => (e['event'] as { chat_id: string }).chat_id;
    for (const event of events) expect(standIn.messages({ receive_id: chatOf(event) })).toHaveLength(1);
    expect(await pipeline.queue.getJobCounts('failed')).toEqual({ failed: 0 });
  });
});
