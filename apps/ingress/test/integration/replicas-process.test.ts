import {
  TEST_APP,
  encryptedPush,
  hasRedisServerBinary,
  makeUser,
  p2pChatCreate,
  spawnService,
  startReplicatedRedis,
  waitFor,
  type ReplicatedRedis,
  type SpawnedService,
} from '@feishu-welcome/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnWebhookIngress } from './spawn-webhook-ingress.js';

const MAIN = 'apps/ingress/dist/main.js';

describe.skipIf(!hasRedisServerBinary())('the ingress process with ENQUEUE_MIN_REPLICAS=1', () => {
  let redis: ReplicatedRedis;
  let service: SpawnedService;
  let url: string;
  let opsUrl: string;

  beforeAll(async () => {
    redis = await startReplicatedRedis();
    ({ service, url, opsUrl } = await spawnWebhookIngress({
      REDIS_URL: redis.primary.url,
      ENQUEUE_MIN_REPLICAS: '1',
      LOG_LEVEL: 'warn',
    }));
    await waitFor('the ingress to be ready', async () => (await fetch(`${opsUrl}/readyz`)).ok);
  });
  afterAll(async () => {
    await service.kill('SIGKILL');
    await redis.stop();
  });

  it('refuses while its replica is down, with lines that name counts, not stored-ness, and no event content', async () => {
    await redis.stopReplica();
    const user = makeUser('Replica Probe User');
    const push = encryptedPush(p2pChatCreate(user));
    const response = await fetch(`${url}/webhook/event`, {
      method: 'POST',
      headers: push.headers,
      body: push.body,
    });
    expect(response.status).toBe(503);
    expect(await (await fetch(`${opsUrl}/readyz`)).json()).toEqual({
      status: 'not-ready',
      reason: 'too-few-replicas',
    });
    const warning = await waitFor('the shortfall warning', () =>
      service
        .output()
        .split('\n')
        .find((line) => line.includes('too few replicas')),
    );
    expect(JSON.parse(warning)).toMatchObject({ level: 40, confirmed: 0, required: 1, events: 1 });
    // The event is stored on the primary: its own line says what is missing, not that it was lost. It is
    // written after the answer, so it may reach the pipe after the warning.
    await waitFor('the event line', () =>
      service.output().includes('event not confirmed by replicas; Feishu will push it again'),
    );
    expect(service.output()).not.toContain('event not stored');
    expect(service.output()).not.toContain(user.name);
    expect(service.output()).not.toContain(user.openId);

    await redis.startReplica();
    await waitFor('the ingress to be ready again', async () => (await fetch(`${opsUrl}/readyz`)).ok);
  });

  it('exits at start naming ENQUEUE_MIN_REPLICAS when it is not a count', async () => {
    const refused = spawnService(MAIN, {
      REDIS_URL: redis.primary.url,
      FEISHU_VERIFICATION_TOKEN: TEST_APP.verificationToken,
      ENQUEUE_MIN_REPLICAS: '-1',
    });
    expect(await refused.exited()).toBe(1);
    expect(refused.output()).toMatch(/ENQUEUE_MIN_REPLICAS: must be a non-negative integer/);
  });
});
