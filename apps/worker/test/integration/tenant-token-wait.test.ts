import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFeishuStandIn, type RunningFeishuStandIn } from '@feishu-welcome/feishu-stand-in';
import { FEISHU_EVENTS_QUEUE, createLogger } from '@feishu-welcome/shared';
import { TEST_APP, uniqueQueueName, waitFor } from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { JobWait } from '../../src/park-job.js';
import { createAppTicketStore } from '../../src/redis/app-ticket-store.js';
import { startWorker, type RunningWorker } from '../../src/start-worker.js';
import { loadWorkerConfig } from '../../src/worker-config.js';
import { enqueueWelcomes } from './tenant-welcomes.js';

const redisUrl = inject('redisUrl');
const log = createLogger({ name: 'token-wait-test', level: 'silent' });
/** The bound: a quiet tenant's user is welcomed within this of the acknowledgement. */
const WELCOME_WITHIN_MS = 3_000;
/** The tenant whose tenant_access_token call Feishu never answers. */
const SLOW = 'slow';

/** The whole body of a request. */
function readBody(req: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * Feishu as the worker sees it: the stand-in, except that the tenant_access_token call for
 * {@link SLOW} is never answered (the worker gives up after its timeout).
 */
function startSlowTokenProxy(target: string) {
  const server = createServer((req, res) => {
    void readBody(req).then(async (body) => {
      if (req.url?.endsWith('/auth/v3/tenant_access_token') && body.toString().includes(`"${SLOW}"`)) return;
      const headers = { 'content-type': req.headers['content-type'] ?? 'application/json' };
      const authorization = req.headers.authorization;
      const reply = await fetch(`${target}${req.url ?? ''}`, {
        method: req.method ?? 'POST',
        headers: authorization === undefined ? headers : { ...headers, authorization },
        body,
      });
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(await reply.text());
    });
  });
  return { server, url: listen(server) };
}

interface Rig {
  readonly standIn: RunningFeishuStandIn;
  readonly queue: Queue;
  readonly worker: RunningWorker;
  close(): Promise<void>;
}

async function startRig(concurrency: number): Promise<Rig> {
  const prefix = uniqueQueueName();
  const redis = new Redis(redisUrl);
  // Where the workers keep their own keys (see start-worker.ts).
  const tickets = createAppTicketStore(redis, `${prefix}:feishu-welcome`);
  // The app_ticket webhook: the stand-in pushes plaintext; it is kept where the workers look for it.
  const webhook = createServer((req, res) => {
    void readBody(req).then(async (body) => {
      const push = JSON.parse(body.toString()) as { event: { app_id: string; app_ticket: string } };
      await tickets.save(push.event.app_id, push.event.app_ticket, Date.now());
      res.writeHead(200).end('{}');
    });
  });
  const standIn = await startFeishuStandIn({
    appId: TEST_APP.appId,
    appSecret: TEST_APP.appSecret,
    appType: 'store',
    storeApp: { ticketWebhookUrl: await listen(webhook) },
  });
  await waitFor('the app_ticket to be kept', async () => (await tickets.get(TEST_APP.appId)) !== undefined);
  const proxy = startSlowTokenProxy(standIn.url);
  const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection: { url: redisUrl }, prefix });
  const config = loadWorkerConfig({
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    FEISHU_APP_ID: TEST_APP.appId,
    FEISHU_APP_SECRET: TEST_APP.appSecret,
    FEISHU_APP_TYPE: 'store',
    FEISHU_DOMAIN: await proxy.url,
    FEISHU_TIMEOUT_MS: '10000',
    WORKER_CONCURRENCY: String(concurrency),
  });
  const worker = await startWorker({ ...config, metricsPort: 0 }, { log });
  return {
    standIn,
    queue,
    worker,
    async close() {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      proxy.server.closeAllConnections();
      await new Promise((resolve) => proxy.server.close(resolve));
      await new Promise((resolve) => webhook.close(resolve));
      await standIn.close();
      await redis.quit();
    },
  };
}

describe('a tenant waiting for its token does not hold up another (real Redis, real HTTP)', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it.each([1, 4])(
    'welcomes a quiet tenant’s user within 3 s while another tenant’s token call hangs (concurrency %i)',
    async (concurrency) => {
      rig = await startRig(concurrency);
      const { standIn, queue } = rig;
      await enqueueWelcomes(queue, SLOW, 50);
      const [chat] = await enqueueWelcomes(queue, 'quiet', 1, 'quiet');
      const acknowledged = Date.now();
      await waitFor(
        'the quiet user to be welcomed',
        () => standIn.messages({ receive_id: chat }).length > 0,
        {
          timeoutMs: 15_000,
          intervalMs: 10,
        },
      );
      const welcomedAt = standIn.messages({ receive_id: chat })[0]?.received_at ?? Infinity;
      expect(welcomedAt - acknowledged).toBeLessThanOrEqual(WELCOME_WITHIN_MS);

      // The slow tenant's jobs wait in the delayed set, saying why, without spending an attempt.
      await waitFor('a job to say it waits for its token', async () =>
        (await queue.getJobs(['delayed'])).some(
          (job) => JobWait.safeParse(job.progress).data?.waiting === 'token',
        ),
      );
      const delayed = await queue.getJobs(['delayed']);
      expect(delayed.every((job) => job.attemptsMade === 0)).toBe(true);
    },
    40_000,
  );
});
