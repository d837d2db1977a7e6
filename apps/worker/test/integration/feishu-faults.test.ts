import { makeUser, p2pChatCreate } from '@feishu-welcome/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPipeline, type Pipeline } from './pipeline.js';

const redisUrl = inject('redisUrl');
const chatOf = (event: Record<string, unknown>) => (event['event'] as { chat_id: string }).chat_id;
const idOf = (event: Record<string, unknown>) => String(event['uuid']);

describe('Feishu failing in the ways it does', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await startPipeline({ redisUrl, workers: 2 });
  });
  afterAll(async () => {
    await pipeline.close();
  });

  it('retries 5xx replies and 230020 with backoff until the welcome goes through', async () => {
    const flaky = p2pChatCreate(makeUser());
    const busy = p2pChatCreate(makeUser());
    pipeline.standIn.addFault({ kind: 'http-error', status: 502, receive_id: chatOf(flaky), times: 2 });
    pipeline.standIn.addFault({ kind: 'feishu-error', code: 230020, receive_id: chatOf(busy), times: 1 });
    await pipeline.deliver(flaky);
    await pipeline.deliver(busy);
    await pipeline.settled();

    expect(pipeline.standIn.messages({ receive_id: chatOf(flaky) })).toHaveLength(1);
    expect(pipeline.standIn.messages({ receive_id: chatOf(busy) })).toHaveLength(1);
    const job = await pipeline.job(idOf(flaky));
    expect(await job?.getState()).toBe('completed');
    expect(job?.attemptsMade).toBe(3);
  });

  it('retries a call that hangs past the timeout', async () => {
    const slow = p2pChatCreate(makeUser());
    pipeline.standIn.addFault({ kind: 'hang', receive_id: chatOf(slow), times: 1 });
    // The workers were started with the default 10 s timeout; this one needs its own, shorter one.
    const fast = await pipeline.startWorker({ FEISHU_TIMEOUT_MS: '500' });
    await Promise.all(pipeline.workers.filter((w) => w !== fast).map((w) => w.kill('SIGTERM')));
    await pipeline.deliver(slow);
    await pipeline.settled(30_000);
    expect(pipeline.standIn.messages({ receive_id: chatOf(slow) })).toHaveLength(1);
    expect((await pipeline.job(idOf(slow)))?.attemptsMade).toBe(2);
  });

  it('fails a permanent error at once, with its code, message and log id, and sends nothing', async () => {
    const gone = p2pChatCreate(makeUser());
    pipeline.standIn.addFault({ kind: 'feishu-error', code: 230053, receive_id: chatOf(gone) });
    await pipeline.deliver(gone);
    await pipeline.settled();

    const job = await pipeline.job(idOf(gone));
    expect(await job?.getState()).toBe('failed');
    expect(job?.attemptsMade).toBe(1);
    const logId = pipeline.standIn.requests().find((r) => r.receive_id === chatOf(gone))?.log_id;
    expect(job?.failedReason).toContain('230053');
    expect(job?.failedReason).toContain('The user has stopped the bot');
    expect(job?.failedReason).toContain(`log id ${logId}`);
    expect(pipeline.standIn.messages({ receive_id: chatOf(gone) })).toHaveLength(0);
  });

  it('replaces a token that expires mid-run and loses nobody', async () => {
    const before = pipeline.standIn.stats().tokens_issued;
    const first = Array.from({ length: 5 }, () => p2pChatCreate(makeUser()));
    for (const event of first) await pipeline.deliver(event);
    await pipeline.settled();
    expect(pipeline.standIn.expireTokens()).toBeGreaterThan(0);

    const second = Array.from({ length: 5 }, () => p2pChatCreate(makeUser()));
    for (const event of second) await pipeline.deliver(event);
    await pipeline.settled();
    for (const event of [...first, ...second]) {
      expect(pipeline.standIn.messages({ receive_id: chatOf(event) })).toHaveLength(1);
      expect(await (await pipeline.job(idOf(event)))?.getState()).toBe('completed');
    }
    expect(pipeline.standIn.stats().tokens_issued).toBeGreaterThan(before);
    expect(pipeline.standIn.requests().some((r) => r.outcome === 'rejected' && r.code === 99991663)).toBe(
      true,
    );
  });

  it('waits out Feishu’s throttling without spending the job’s attempts', async () => {
    const throttled = p2pChatCreate(makeUser());
    pipeline.standIn.addFault({
      kind: 'throttle',
      receive_id: chatOf(throttled),
      reset_seconds: 1,
      times: 2,
    });
    await pipeline.deliver(throttled);
    await pipeline.settled();
    expect(pipeline.standIn.messages({ receive_id: chatOf(throttled) })).toHaveLength(1);
    expect((await pipeline.job(idOf(throttled)))?.attemptsMade).toBe(1);
  });
});
