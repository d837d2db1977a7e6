import { randomUUID } from 'node:crypto';
import { type RunningFeishuStandIn, startFeishuStandIn } from '@feishu-welcome/feishu-stand-in';
import { FEISHU_EVENTS_QUEUE, createRedisConnection, redisSettings } from '@feishu-welcome/shared';
import {
  type RedisCluster,
  type SpawnedService,
  freePort,
  spawnService,
  startRedisCluster,
  waitFor,
} from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SANDBOX_APP } from '../../src/sandbox-app.js';

const SENDER = 'packages/sandbox/dist/send-test-event.js';

// On a Redis Cluster too: the job probe then reads the cluster, under the hash-tagged prefix.
describe.each([
  ['a single Redis', false],
  ['a Redis Cluster', true],
] as const)('send-test-event against a running pipeline on %s', (_, onCluster) => {
  let standIn: RunningFeishuStandIn;
  let services: SpawnedService[] = [];
  let ingressUrl: string;
  let cluster: RedisCluster | undefined;
  /** What the services and the sender are told of the queue. */
  let queueEnv: { REDIS_URL: string; REDIS_CLUSTER: string; QUEUE_PREFIX: string };

  beforeAll(async () => {
    cluster = onCluster ? await startRedisCluster() : undefined;
    queueEnv = {
      REDIS_URL: cluster?.url ?? inject('redisUrl'),
      REDIS_CLUSTER: String(onCluster),
      QUEUE_PREFIX: `test-${randomUUID()}`,
    };
    const common = { ...queueEnv, LOG_LEVEL: 'warn' };
    standIn = await startFeishuStandIn({ appId: SANDBOX_APP.appId, appSecret: SANDBOX_APP.appSecret });
    const ingressPort = await freePort();
    const workerMetricsPort = await freePort();
    ingressUrl = `http://127.0.0.1:${ingressPort}`;
    services = [
      spawnService('apps/ingress/dist/main.js', {
        ...common,
        PORT: String(ingressPort),
        METRICS_PORT: String(await freePort()),
        FEISHU_VERIFICATION_TOKEN: SANDBOX_APP.verificationToken,
        FEISHU_ENCRYPT_KEY: SANDBOX_APP.encryptKey,
        FEISHU_APP_ID: SANDBOX_APP.appId,
      }),
      spawnService('apps/worker/dist/main.js', {
        ...common,
        FEISHU_APP_ID: SANDBOX_APP.appId,
        FEISHU_APP_SECRET: SANDBOX_APP.appSecret,
        FEISHU_DOMAIN: standIn.url,
        METRICS_PORT: String(workerMetricsPort),
      }),
    ];
    await waitFor('the ingress to be ready', async () => (await fetch(`${ingressUrl}/readyz`)).ok, {
      timeoutMs: 20_000,
    });
    await waitFor(
      'the worker to be ready',
      async () => (await fetch(`http://127.0.0.1:${workerMetricsPort}/readyz`)).ok,
      { timeoutMs: 20_000 },
    );
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.kill('SIGKILL')));
    await standIn?.close();
    const settings = redisSettings({ ...queueEnv, REDIS_CLUSTER: onCluster });
    const connection = createRedisConnection(settings, { maxRetriesPerRequest: null });
    const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection, prefix: settings.queuePrefix });
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
    await cluster?.stop();
  });

  const send = async (env: Record<string, string>, args: string[] = []) => {
    const sender = spawnService(
      SENDER,
      {
        INGRESS_URL: ingressUrl,
        STAND_IN_URL: standIn.url,
        FEISHU_VERIFICATION_TOKEN: SANDBOX_APP.verificationToken,
        FEISHU_ENCRYPT_KEY: SANDBOX_APP.encryptKey,
        ...env,
      },
      args,
    );
    return { code: await sender.exited(), output: sender.output() };
  };

  it('pushes a signed, encrypted first chat and prints the welcome the worker sent', async () => {
    const { code, output } = await send({ TEST_USER_NAME: 'Grace Hopper' });
    expect(output).toMatch(/ingress answered HTTP 200 .* for event [0-9a-f]{32}/);
    expect(output).toMatch(/welcome delivered to oc_[0-9a-f]{32}/);
    expect(output).toContain('Hi Grace Hopper');
    expect(code).toBe(0);

    const chatId = /welcome delivered to (oc_[0-9a-f]{32})/.exec(output)?.[1];
    expect(standIn.messages({ receive_id: chatId })).toHaveLength(1);
  });

  it('exits non-zero with a hint when its Encrypt Key is not the ingress’s', async () => {
    const { code, output } = await send({ FEISHU_ENCRYPT_KEY: 'some-other-key' });
    expect(output).toMatch(/HTTP 401/);
    expect(output).toMatch(/hint:/);
    expect(code).toBe(1);
  });

  it("asked for a permanent failure, reports the failed job with Feishu's answer instead of waiting", async () => {
    const { code, output } = await send(queueEnv, ['--fault', 'permanent']);
    expect(output).toMatch(/fault fault-\d+ at the stand-in: Feishu answers code 230053/);
    const logId =
      /the stand-in answered a send: HTTP 400, code 230053 "The user has stopped the bot" \(log id (\w+)\)/.exec(
        output,
      )?.[1];
    expect(logId, output).toBeDefined();
    expect(output).toContain(
      `failed after 1 attempt(s): Feishu permanent failure: code 230053 "The user has stopped the bot" (HTTP 400, log id ${logId})`,
    );
    expect(output).not.toMatch(/no welcome arrived|worker running/);
    expect(code).toBe(1);
  });

  it('asked for throttling, shows the 429 and then the welcome the worker sent after its pause', async () => {
    const { code, output } = await send({}, ['--fault', 'throttle']);
    expect(output).toMatch(/the stand-in answered a send: HTTP 429, code 99991400/);
    expect(output).toMatch(/welcome delivered to oc_[0-9a-f]{32}/);
    expect(code).toBe(0);
  });

  it('refuses an unknown fault with the usage, before sending anything', async () => {
    const before = standIn.requests().length;
    const { code, output } = await send({}, ['--fault', 'slow']);
    expect(output).toMatch(/--fault must be one of permanent, throttle, server-error/);
    expect(output).toMatch(/usage: send-test-event/);
    expect(code).toBe(2);
    expect(standIn.requests()).toHaveLength(before);
  });
});
