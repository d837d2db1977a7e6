import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEST_APP, makeUser, p2pChatCreate, waitFor } from '@feishu-welcome/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { JobWait } from '../../src/park-job.js';
import { createAppTicketStore } from '../../src/redis/app-ticket-store.js';
import { chatOf, idOf, startPipeline, type Pipeline } from './pipeline.js';

// A marketplace app end to end: the stand-in in store mode pushes its app_ticket to the ingress, the
// workers (processes, FEISHU_APP_TYPE=store) get a token per tenant from it.

const redisUrl = inject('redisUrl');
const STORE = { FEISHU_APP_TYPE: 'store' } as const;

/**
 * A door between the stand-in's ticket pushes and the ingress: shut, it answers 503 (the stand-in
 * retries, as Feishu does); open, it passes each push on. Lets a test hold the ticket back.
 */
async function startTicketDoor(target: () => string) {
  let open = false;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (!open) {
        res.writeHead(503).end();
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (entry): entry is [string, string] => entry[0].startsWith('x-lark') || entry[0] === 'content-type',
        ),
      );
      void fetch(target(), { method: 'POST', headers, body: Buffer.concat(chunks) }).then(
        async (reply) => res.writeHead(reply.status).end(await reply.text()),
        () => res.writeHead(502).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    open: () => void (open = true),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A welcome event for a new user of `tenantKey`, whose chat the stand-in knows to be that tenant's. */
function welcomeOf(pipeline: Pipeline, tenantKey: string) {
  const event = p2pChatCreate(makeUser(), { tenantKey });
  pipeline.standIn.store.assignChat(chatOf(event), tenantKey);
  return event;
}

async function deliverAll(pipeline: Pipeline, events: Record<string, unknown>[]) {
  const statuses = await Promise.all(events.map((event) => pipeline.deliver(event)));
  expect(statuses.every((status) => status === 200)).toBe(true);
}

let redis: Redis;
beforeAll(() => {
  redis = new Redis(redisUrl);
});
afterAll(async () => {
  await redis.quit();
});

/** The pipeline's app_ticket store, as the workers see it. */
const ticketsOf = (pipeline: Pipeline) =>
  createAppTicketStore(redis, `${String(pipeline.queue.opts.prefix)}:feishu-welcome`);

describe('a store app', () => {
  let pipeline: Pipeline | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await pipeline?.close();
    pipeline = undefined;
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('asks for the ticket once across two workers, parks the jobs meanwhile, and welcomes everyone once it comes', async () => {
    let webhook = '';
    const door = await startTicketDoor(() => webhook);
    cleanups.push(door.close);
    pipeline = await startPipeline({
      redisUrl,
      workers: 0,
      standIn: { appType: 'store', storeApp: { ticketWebhookUrl: door.url, pushTicketAtStart: false } },
      workerEnv: STORE,
    });
    webhook = pipeline.webhookUrl;
    await pipeline.startWorker();
    await pipeline.startWorker();
    const events = Array.from({ length: 12 }, (_, i) => welcomeOf(pipeline!, `tenant-${i % 3}`));
    await deliverAll(pipeline, events);

    // Every job is parked, waiting for the ticket, none failed, no attempt spent.
    const { queue, standIn } = pipeline;
    await waitFor('every job to wait for the ticket', async () => {
      const jobs = await Promise.all(events.map((event) => pipeline!.job(idOf(event))));
      return jobs.every((job) => JobWait.safeParse(job?.progress).data?.waiting === 'ticket');
    });
    expect(await queue.getJobCounts('failed', 'completed')).toEqual({ failed: 0, completed: 0 });
    expect(standIn.messages()).toHaveLength(0);
    expect(standIn.store.stats().ticket_resends).toBe(1);

    door.open();
    await waitFor('everyone to be welcomed', () => standIn.messages().length >= events.length, {
      timeoutMs: 30_000,
    });
    await pipeline.settled();
    expect(new Set(standIn.messages().map((message) => message.receive_id))).toEqual(
      new Set(events.map(chatOf)),
    );
    for (const event of events) {
      const job = await pipeline.job(idOf(event));
      expect(job?.attemptsMade).toBe(1);
      expect(job?.returnvalue).toMatchObject({ outcome: 'sent' });
    }
    // Still once, though the jobs looked for the ticket many times and two workers started without it.
    expect(standIn.store.stats().ticket_resends).toBe(1);
    expect(await queue.getJobCounts('failed')).toEqual({ failed: 0 });
  });

  it('welcomes three tenants each with its own token, never across tenants, each under its own limit', async () => {
    const perSecond = 4;
    pipeline = await startPipeline({
      redisUrl,
      workers: 0,
      standIn: { appType: 'store', ratePerSecond: perSecond },
      workerEnv: { ...STORE, SEND_RATE_PER_SECOND: String(perSecond), WORKER_CONCURRENCY: '8' },
    });
    await pipeline.startWorker();
    await pipeline.startWorker();
    const tenants = ['tenant-a', 'tenant-b', 'tenant-c'];
    const events = tenants.flatMap((tenant) => Array.from({ length: 8 }, () => welcomeOf(pipeline!, tenant)));
    await deliverAll(pipeline, events);
    const { standIn } = pipeline;
    await waitFor('everyone to be welcomed', () => standIn.messages().length >= events.length, {
      timeoutMs: 30_000,
    });

    const tenantOfChat = new Map(events.map((event) => [chatOf(event), tenantKeyOf(event)]));
    const sends = standIn.requests().filter((record) => record.endpoint === 'messages');
    expect(sends.every((record) => record.tenant_key === tenantOfChat.get(record.receive_id ?? ''))).toBe(
      true,
    );
    expect(sends.some((record) => record.code === 230038)).toBe(false);
    expect(standIn.store.stats().cross_tenant_refused).toBe(0);
    const tokenAsks = standIn.requests().filter((record) => record.endpoint === 'tenant-token');
    expect(new Set(tokenAsks.map((record) => record.tenant_key))).toEqual(new Set(tenants));
    for (const tenant of tenants) {
      expect(standIn.store.peaksOf(TEST_APP.appId, tenant).perSecond).toBeLessThanOrEqual(perSecond);
    }
    expect(standIn.stats().throttled).toBe(0);
  });

  it('fetches new tokens when Feishu revokes them, and a new ticket when it rotates the old one', async () => {
    pipeline = await startPipeline({ redisUrl, workers: 0, standIn: { appType: 'store' }, workerEnv: STORE });
    await pipeline.startWorker();
    const { standIn } = pipeline;
    const first = welcomeOf(pipeline, 'tenant-a');
    await deliverAll(pipeline, [first]);
    await waitFor('the first welcome', () => standIn.messages().length >= 1);
    await pipeline.settled();
    // The worker started before the stand-in's first push was kept, and asked for a resend then. As if
    // that minute were over, the next refusal may ask again.
    const atStart = standIn.store.stats().ticket_resends;
    expect(await ticketsOf(pipeline).claimResend(TEST_APP.appId, 1)).toBe(false);
    await redis.del(
      `${String(pipeline.queue.opts.prefix)}:feishu-welcome:app-ticket:${TEST_APP.appId}:resend`,
    );

    // Revoked tokens: tenant and app tokens are fetched again with the ticket kept.
    standIn.expireTokens();
    const second = welcomeOf(pipeline, 'tenant-a');
    await deliverAll(pipeline, [second]);
    await waitFor('the second welcome', () => standIn.messages().length >= 2);
    expect(standIn.store.stats()).toMatchObject({ tickets_refused: 0, ticket_resends: atStart });
    const refusedSends = standIn.requests().filter((record) => record.code === 99991663);
    expect(refusedSends).toHaveLength(1);

    // A rotated ticket: the old one is refused, Feishu is asked for the new one, which is then used.
    standIn.store.rotateTicket();
    standIn.expireTokens();
    const third = welcomeOf(pipeline, 'tenant-b');
    await deliverAll(pipeline, [third]);
    await waitFor('the third welcome', () => standIn.messages().length >= 3, { timeoutMs: 20_000 });
    expect(standIn.store.stats()).toMatchObject({ tickets_refused: 1, ticket_resends: atStart + 1 });
    expect(standIn.messages().map((message) => message.receive_id)).toEqual(
      [first, second, third].map(chatOf),
    );
    const job = await pipeline.job(idOf(third));
    await waitFor('the third job to complete', async () => (await job?.isCompleted()) === true);
    expect((await pipeline.job(idOf(third)))?.attemptsMade).toBe(1);
  });

  it('starts with a ticket Feishu refuses, drops it, asks for the current one and welcomes with it', async () => {
    pipeline = await startPipeline({
      redisUrl,
      workers: 0,
      standIn: { appType: 'store', storeApp: { pushTicketAtStart: false } },
      workerEnv: STORE,
    });
    // A ticket Feishu no longer takes is kept, as if pushed before a rotation.
    expect(await ticketsOf(pipeline).save(TEST_APP.appId, 'ticket-feishu-refuses', Date.now())).toBe(true);
    await pipeline.startWorker();
    const { standIn } = pipeline;
    await waitFor('the current ticket to be pushed', () => standIn.store.stats().tickets_pushed >= 1);
    expect(standIn.store.stats()).toMatchObject({ tickets_refused: 1, ticket_resends: 1 });

    const event = welcomeOf(pipeline, 'tenant-a');
    await deliverAll(pipeline, [event]);
    await waitFor('the welcome', () => standIn.messages().length >= 1, { timeoutMs: 20_000 });
    expect(standIn.store.stats()).toMatchObject({ tickets_refused: 1, ticket_resends: 1 });
  });
});

function tenantKeyOf(event: Record<string, unknown>): string {
  return (event['event'] as { tenant_key: string }).tenant_key;
}
