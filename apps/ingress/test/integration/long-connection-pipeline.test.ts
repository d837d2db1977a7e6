import { startFeishuStandIn, type RunningFeishuStandIn } from '@feishu-welcome/feishu-stand-in';
import {
  TEST_APP,
  freePort,
  makeUser,
  p2pChatCreate,
  spawnService,
  startRedisCluster,
  uniqueQueueName,
  waitFor,
  type RedisCluster,
  type SpawnedService,
} from '@feishu-welcome/testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { QUICK_LONG_CONNECTION } from './start-ws-ingress.js';

const chatOf = (event: Record<string, unknown>) => (event['event'] as { chat_id: string }).chat_id;
const ready = async (port: number) => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;

describe('the pipeline in websocket mode', () => {
  let standIn: RunningFeishuStandIn;
  const services: SpawnedService[] = [];
  let cluster: RedisCluster | undefined;
  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.kill()));
    await standIn.close();
    await cluster?.stop();
    cluster = undefined;
  });

  // On a Redis Cluster too: the cluster's own, started for the test, stopped after it.
  it.each([
    ['a single Redis', false],
    ['a Redis Cluster', true],
  ] as const)(
    'welcomes each user pushed down the long connection exactly once, by name, through the built processes, on %s',
    async (_, onCluster) => {
      cluster = onCluster ? await startRedisCluster() : undefined;
      standIn = await startFeishuStandIn({
        appId: TEST_APP.appId,
        appSecret: TEST_APP.appSecret,
        longConnection: QUICK_LONG_CONNECTION,
      });
      const common = {
        REDIS_URL: cluster?.url ?? inject('redisUrl'),
        REDIS_CLUSTER: String(onCluster),
        QUEUE_PREFIX: uniqueQueueName(),
        FEISHU_APP_ID: TEST_APP.appId,
        FEISHU_APP_SECRET: TEST_APP.appSecret,
        FEISHU_DOMAIN: standIn.url,
      };
      const ingressPort = await freePort();
      const workerPort = await freePort();
      services.push(
        spawnService('apps/ingress/dist/main.js', {
          ...common,
          FEISHU_EVENT_MODE: 'websocket',
          METRICS_PORT: String(ingressPort),
        }),
        spawnService('apps/worker/dist/main.js', { ...common, METRICS_PORT: String(workerPort) }),
      );
      await waitFor(
        'the ingress and the worker to be ready',
        async () => {
          return (await ready(ingressPort)) && (await ready(workerPort));
        },
        { timeoutMs: 20_000 },
      );

      const users = Array.from({ length: 12 }, (_, i) => makeUser(`用户 ${i}`));
      const events = users.map((user) => p2pChatCreate(user));
      // Feishu delivers at least once: every event comes twice, a third of them in fragments.
      events.forEach((event, index) => {
        const fragments = index % 3 === 0 ? 3 : 1;
        standIn.wsPush(event, { fragments, order: 'shuffle' });
        standIn.wsPush(event);
      });

      await waitFor(
        'every user welcomed',
        () => events.every((event) => standIn.messages({ receive_id: chatOf(event) }).length > 0),
        { timeoutMs: 30_000 },
      );
      // Time for a second welcome to show up, if one were coming.
      await new Promise((resolve) => setTimeout(resolve, 500));
      events.forEach((event, index) => {
        const welcomes = standIn.messages({ receive_id: chatOf(event) });
        expect(welcomes).toHaveLength(1);
        expect(JSON.stringify(welcomes[0]?.content)).toContain(users[index]?.name);
      });
      expect(standIn.wsDeliveries().every((delivery) => delivery.acked)).toBe(true);
    },
  );
});
