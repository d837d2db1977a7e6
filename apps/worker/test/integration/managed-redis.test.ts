import { readFileSync } from 'node:fs';
import { startFeishuStandIn, type RunningFeishuStandIn } from '@feishu-welcome/feishu-stand-in';
import { FEISHU_EVENTS_QUEUE, jobIdForEvent } from '@feishu-welcome/shared';
import {
  encryptedPush,
  makeUser,
  p2pChatCreate,
  startRedisCluster,
  startTlsRedisServer,
  uniqueQueueName,
  waitFor,
  type RedisCluster,
  type TlsRedisServer,
} from '@feishu-welcome/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { basicAuthHeader } from '../../../dashboard/test/integration/start-dashboard.js';
import { chatOf, idOf } from './pipeline.js';
import { DASHBOARD_LOGIN, spawnServices, type Services } from './spawn-services.js';

// What a URL must carry encoded: `@`, `:`, `/` and `#` would otherwise end the password early.
const PASSWORD = 'Managed/p@ss:word#42';
const PREFIX = uniqueQueueName('managed');
/**
 * The ACL rules README.md recommends (part "Managed Redis"): the queue prefix's keys, no Pub/Sub,
 * everything but the dangerous commands, and of those only INFO (BullMQ reads the server's version)
 * and CLIENT LIST (counting a queue's workers).
 */
const README_RULES = [`~${PREFIX}:*`, 'resetchannels', '+@all', '-@dangerous', '+info', '+client|list'];

const ready = async (url: string) =>
  (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) })).ok;
// Three Node processes starting on a machine busy with the rest of the suite: give them time.
const slow = { timeout: 90_000 };

/** The services over `env` (REDIS_URL and such), once every one of them is ready. */
async function spawnReadyServices(
  env: Record<string, string>,
  standIn: RunningFeishuStandIn,
): Promise<Services> {
  const services = await spawnServices(env, standIn.url);
  await waitFor(
    'every service to be ready',
    async () => (await Promise.all(Object.values(services.urls).map(ready))).every(Boolean),
    { timeoutMs: 60_000 },
  );
  return services;
}

/** Pushes a new user's p2p chat to the ingress, expects it acknowledged and waits for the welcome. */
async function pushUntilWelcomed(
  services: Services,
  standIn: RunningFeishuStandIn,
): Promise<Record<string, unknown>> {
  const event = p2pChatCreate(makeUser());
  const push = encryptedPush(event);
  const res = await fetch(`${services.urls.ingress}/webhook/event`, {
    method: 'POST',
    headers: push.headers,
    body: push.body,
  });
  expect(res.status).toBe(200);
  await waitFor('the welcome', () => standIn.messages().some((m) => m.receive_id === chatOf(event)), {
    timeoutMs: 30_000,
  });
  return event;
}

/** Kills the services, then expects none of them to have written the password, raw or URL-encoded. */
async function killKeepingSecret(services: Services | undefined): Promise<void> {
  await services?.kill();
  for (const service of services?.all ?? []) {
    expect(service.output()).not.toContain(PASSWORD);
    expect(service.output()).not.toContain(encodeURIComponent(PASSWORD));
  }
}

describe('the services over a managed-style Redis: TLS only, an ACL user with a password', () => {
  let redis: TlsRedisServer;
  let standIn: RunningFeishuStandIn;
  let services: Services | undefined;
  beforeAll(async () => {
    redis = await startTlsRedisServer({ password: PASSWORD, rules: README_RULES });
    standIn = await startFeishuStandIn();
  });
  afterEach(async () => {
    await killKeepingSecret(services);
    services = undefined;
  });
  afterAll(async () => {
    await standIn.close();
    await redis.dispose();
  });

  it(
    'welcomes a pushed user and lists the job on the board, trusting the CA by NODE_EXTRA_CA_CERTS',
    slow,
    async () => {
      const env = { REDIS_URL: redis.url, NODE_EXTRA_CA_CERTS: redis.caFile, LOG_LEVEL: 'debug' };
      services = await spawnReadyServices({ ...env, QUEUE_PREFIX: PREFIX }, standIn);
      const { urls } = services;
      const event = await pushUntilWelcomed(services, standIn);

      // The job completes just after the send the stand-in saw.
      const completed = async () => {
        const board = await fetch(
          `${urls.dashboard}/admin/queues/api/queues?activeQueue=${FEISHU_EVENTS_QUEUE}&status=completed&page=1`,
          { headers: { authorization: basicAuthHeader(DASHBOARD_LOGIN) } },
        );
        const { queues } = (await board.json()) as { queues: { jobs: { id: string }[] }[] };
        return queues[0]?.jobs.map((job) => job.id);
      };
      await waitFor('the board to list the job', async () => (await completed())?.length === 1);
      expect(await completed()).toEqual([jobIdForEvent(idOf(event))]);
      // Under those rules Redis refused only the persistence probe's CONFIG GET, which falls back to INFO.
      const admin = new Redis(redis.adminUrl, { tls: { ca: readFileSync(redis.caFile) } });
      try {
        const entries = (await admin.call('ACL', 'LOG')) as string[][];
        const refused = entries.map((entry) => entry[entry.indexOf('object') + 1]);
        expect(refused).toEqual(['config|get']);
      } finally {
        admin.disconnect();
      }
    },
  );

  const refusals = [
    {
      case: 'a wrong password',
      url: () => redis.url.replace(encodeURIComponent(PASSWORD), encodeURIComponent(`${PASSWORD}-wrong`)),
      ca: true,
      says: 'Redis refused the password: check REDIS_URL',
    },
    {
      case: 'a plain redis:// URL to the TLS port',
      url: () => redis.url.replace('rediss://', 'redis://'),
      ca: true,
      says: 'Redis closed the connection before answering: if it wants TLS, REDIS_URL must start with rediss://',
    },
    {
      case: 'a certificate from a CA not given in NODE_EXTRA_CA_CERTS',
      url: () => redis.url,
      ca: false,
      says: "Redis's TLS certificate was not accepted: for a private CA set NODE_EXTRA_CA_CERTS to its PEM file",
    },
  ];
  it.each(refusals)(
    'with $case, each service says so in one line and is not ready',
    slow,
    async (refusal) => {
      const env = { REDIS_URL: refusal.url(), ...(refusal.ca ? { NODE_EXTRA_CA_CERTS: redis.caFile } : {}) };
      services = await spawnServices({ ...env, LOG_LEVEL: 'info' }, standIn.url);
      const { all, urls } = services;
      const lines = (output: string) => output.split('\n').filter((line) => line.includes(refusal.says));
      await waitFor(
        'every service to say why',
        () => all.every((service) => lines(service.output()).length > 0),
        {
          timeoutMs: 60_000,
        },
      );
      for (const service of all) {
        const [line, ...more] = lines(service.output());
        expect(more).toEqual([]);
        expect(JSON.parse(line ?? '')).toMatchObject({ level: 50, msg: refusal.says });
      }
      for (const url of Object.values(urls)) expect(await ready(url).catch(() => false)).toBe(false);
    },
  );
});

describe('the services over a managed-style Redis Cluster: TLS only, also between nodes, an ACL password', () => {
  let cluster: RedisCluster;
  let standIn: RunningFeishuStandIn;
  let services: Services | undefined;
  beforeAll(async () => {
    // A replica per master, as managed clusters run, so the ingress can ask the queue's master to WAIT.
    cluster = await startRedisCluster({ tls: { password: PASSWORD }, replicasPerMaster: 1 });
    standIn = await startFeishuStandIn();
  }, 60_000);
  afterAll(async () => {
    await killKeepingSecret(services);
    await standIn?.close();
    await cluster?.stop();
  });

  it(
    'welcomes a pushed user acknowledged once a replica holds it, trusting the CA by NODE_EXTRA_CA_CERTS',
    slow,
    async () => {
      const { caFile = '' } = cluster;
      expect(new URL(cluster.url).protocol).toBe('rediss:');
      const env = {
        REDIS_URL: cluster.url,
        REDIS_CLUSTER: 'true',
        NODE_EXTRA_CA_CERTS: caFile,
        ENQUEUE_MIN_REPLICAS: '1',
      };
      services = await spawnReadyServices({ ...env, LOG_LEVEL: 'debug', QUEUE_PREFIX: PREFIX }, standIn);
      await pushUntilWelcomed(services, standIn);
    },
  );
});
