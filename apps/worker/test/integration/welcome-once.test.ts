import {
  appTicket,
  botP2pChatEntered,
  makeUser,
  p2pChatCreate,
  waitFor,
  type FeishuUser,
} from '@feishu-welcome/testing';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startPipeline, type Pipeline } from './pipeline.js';

const redisUrl = inject('redisUrl');

describe('welcoming users end to end', () => {
  let pipeline: Pipeline | undefined;
  afterEach(async () => {
    await pipeline?.close();
    pipeline = undefined;
  });

  it('welcomes each of many users exactly once, by name, through two workers, when every event comes twice', async () => {
    const rate = 20;
    pipeline = await startPipeline({
      redisUrl,
      workers: 2,
      standIn: { ratePerSecond: rate },
      workerEnv: { SEND_RATE_PER_SECOND: String(rate), WORKER_CONCURRENCY: '8' },
    });
    const users: FeishuUser[] = Array.from({ length: 60 }, (_, i) => makeUser(`用户 "${i}" 🎉`));
    const events = users.map((user) => p2pChatCreate(user));
    // Each event is delivered twice: once, then again concurrently with the others (Feishu's retries).
    const first = await Promise.all(events.map((event) => pipeline!.deliver(event)));
    const second = await Promise.all(events.map((event) => pipeline!.deliver(event)));
    expect([...first, ...second].every((status) => status === 200)).toBe(true);

    const { standIn } = pipeline;
    await waitFor('every user to be welcomed', () => standIn.messages().length >= users.length, {
      timeoutMs: 60_000,
    });
    await pipeline.settled();

    for (const [i, user] of users.entries()) {
      const chatId = (events[i]?.['event'] as { chat_id: string }).chat_id;
      const received = standIn.messages({ receive_id: chatId });
      expect(received, user.name).toHaveLength(1);
      expect(String(received[0]?.content['text'])).toContain(`Hi ${user.name}`);
    }
    const stats = standIn.stats();
    expect(stats.delivered).toBe(users.length);
    expect(stats.throttled).toBe(0);
    expect(stats.max_accepted_in_any_second).toBeLessThanOrEqual(rate);
    // Nobody was sent to twice: the second deliveries were stopped at the ingress.
    expect(stats.requests).toBe(users.length);

    const metrics = await Promise.all(
      pipeline.workerOps.map(async (ops) => await (await fetch(`${ops}/metrics`)).text()),
    );
    const sent = metrics.map((text) =>
      Number(/feishu_worker_sends_total\{outcome="sent"\} (\d+)/.exec(text)?.[1] ?? 0),
    );
    expect(sent.reduce((a, b) => a + b, 0)).toBe(users.length);
    expect(metrics[0]).toMatch(new RegExp(`feishu_queue_jobs\\{state="completed"\\} ${users.length}`));
    expect(metrics[0]).toMatch(/feishu_worker_token_refreshes_total [1-9]/);
    expect(metrics[0]).toMatch(/feishu_worker_send_seconds_count [1-9]/);
  });

  it('welcomes on bot_p2p_chat_entered_v1 only a user never welcomed before', async () => {
    pipeline = await startPipeline({ redisUrl, workers: 1 });
    const { standIn } = pipeline;
    const known = makeUser('Known');
    const created = p2pChatCreate(known);
    await pipeline.deliver(created);
    await pipeline.settled();
    // Entering the chat again, and again: new event ids every time.
    await pipeline.deliver(botP2pChatEntered(known));
    await pipeline.deliver(botP2pChatEntered(known));
    const stranger = makeUser('Stranger');
    const entered = botP2pChatEntered(stranger);
    await pipeline.deliver(entered);
    await pipeline.settled();

    const chatOf = (e: Record<string, unknown>) => (e['event'] as { chat_id: string }).chat_id;
    expect(standIn.messages({ receive_id: chatOf(created) })).toHaveLength(1);
    const [welcome] = standIn.messages({ receive_id: chatOf(entered) });
    // bot_p2p_chat_entered_v1 carries no name.
    expect(String(welcome?.content['text'])).toContain('Hi there');
    expect(standIn.stats().requests).toBe(2);
  });

  it('keeps an app_ticket for marketplace apps and sends nothing', async () => {
    pipeline = await startPipeline({ redisUrl, workers: 1 });
    const ticket = appTicket();
    expect(await pipeline.deliver(ticket)).toBe(200);
    await pipeline.settled();
    const job = await pipeline.job(String(ticket['uuid']));
    expect(job?.returnvalue).toEqual({ outcome: 'app-ticket-saved' });
    const redis = new Redis(redisUrl);
    try {
      const kept = await redis.hget(
        `${pipeline.queue.opts.prefix}:feishu-welcome:app-ticket:${(ticket['event'] as { app_id: string }).app_id}`,
        'ticket',
      );
      expect(kept).toBe((ticket['event'] as { app_ticket: string }).app_ticket);
    } finally {
      await redis.quit();
    }
    expect(pipeline.standIn.stats().requests).toBe(0);
  });
});
