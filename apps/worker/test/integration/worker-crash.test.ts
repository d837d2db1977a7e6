import { makeUser, p2pChatCreate, waitFor } from '@feishu-welcome/testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startPipeline, type Pipeline } from './pipeline.js';

const redisUrl = inject('redisUrl');
const chatOf = (event: Record<string, unknown>) => (event['event'] as { chat_id: string }).chat_id;

describe('a worker killed mid-send', () => {
  let pipeline: Pipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    pipeline = undefined;
  });

  it('loses nobody and welcomes nobody twice when SIGKILLed after Feishu sent but before it answered', async () => {
    pipeline = await startPipeline({ redisUrl, workers: 1, workerEnv: { JOB_LOCK_MS: '2000' } });
    const { standIn } = pipeline;
    const victim = p2pChatCreate(makeUser('Victim'));
    const others = Array.from({ length: 10 }, () => p2pChatCreate(makeUser()));
    // Feishu delivers the victim's welcome, but its answer never comes back.
    standIn.addFault({ kind: 'hang', receive_id: chatOf(victim), deliver: true, times: 1 });

    expect(await pipeline.deliver(victim)).toBe(200);
    await waitFor(
      'the victim’s message to be delivered',
      () => standIn.messages({ receive_id: chatOf(victim) }).length === 1,
    );
    const [crashed] = pipeline.workers;
    expect(await crashed?.kill('SIGKILL')).toBe('SIGKILL');

    for (const event of others) expect(await pipeline.deliver(event)).toBe(200);
    await pipeline.startWorker({ JOB_LOCK_MS: '2000' });
    await waitFor('every user to be welcomed', () => standIn.messages().length >= 11, { timeoutMs: 30_000 });
    await pipeline.settled();

    expect(standIn.messages({ receive_id: chatOf(victim) })).toHaveLength(1);
    for (const event of others) expect(standIn.messages({ receive_id: chatOf(event) })).toHaveLength(1);
    // The stalled job was taken over and re-sent with the same uuid; Feishu dropped the copy.
    expect(standIn.stats().deduplicated).toBe(1);
    const job = await pipeline.job(String(victim['uuid']));
    expect(await job?.getState()).toBe('completed');
    expect(job?.returnvalue).toMatchObject({
      outcome: 'sent',
      messageId: standIn.messages({ receive_id: chatOf(victim) })[0]?.message_id,
    });
  });
});
