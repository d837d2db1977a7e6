import { readFileSync } from 'node:fs';
import { startFeishuStandIn } from '@feishu-welcome/feishu-stand-in';
import { FEISHU_EVENTS_QUEUE, jobIdForEvent } from '@feishu-welcome/shared';
import {
  TEST_APP,
  freePort,
  makeUser,
  p2pChatCreate,
  spawnService,
  startTlsRedisServer,
  uniqueQueueName,
  waitFor,
} from '@feishu-welcome/testing';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { QUICK_LONG_CONNECTION } from './start-ws-ingress.js';

const PASSWORD = 'ws/p@ss:word#7';

describe('the ingress process in websocket mode over TLS with an ACL password', () => {
  it(
    'stores a pushed event and acknowledges it, never printing the password',
    { timeout: 60_000 },
    async () => {
      const redis = await startTlsRedisServer({ password: PASSWORD });
      const standIn = await startFeishuStandIn({
        appId: TEST_APP.appId,
        appSecret: TEST_APP.appSecret,
        longConnection: QUICK_LONG_CONNECTION,
      });
      const prefix = uniqueQueueName();
      // The test's own reader trusts the CA directly; the process is given it as Node would be in production.
      const queue = new Queue(FEISHU_EVENTS_QUEUE, {
        connection: { url: redis.url, tls: { ca: readFileSync(redis.caFile) } },
        prefix,
      });
      const metricsPort = await freePort();
      const service = spawnService('apps/ingress/dist/main.js', {
        FEISHU_EVENT_MODE: 'websocket',
        REDIS_URL: redis.url,
        NODE_EXTRA_CA_CERTS: redis.caFile,
        QUEUE_PREFIX: prefix,
        METRICS_PORT: String(metricsPort),
        FEISHU_APP_ID: TEST_APP.appId,
        FEISHU_APP_SECRET: TEST_APP.appSecret,
        FEISHU_DOMAIN: standIn.url,
        LOG_LEVEL: 'debug',
      });
      try {
        await waitFor(
          'the ingress to be ready',
          async () => (await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).ok,
          { timeoutMs: 30_000 },
        );
        const event = p2pChatCreate(makeUser());
        const eventId = String(event['uuid']);
        standIn.wsPush(event);
        await waitFor('the push to be acknowledged', () =>
          standIn.wsDeliveries({ eventId }).some((delivery) => delivery.acked),
        );
        expect(await queue.getJob(jobIdForEvent(eventId))).toBeDefined();
      } finally {
        await service.kill('SIGKILL');
        await queue.close();
        await standIn.close();
        await redis.dispose();
      }
      expect(service.output()).not.toContain(PASSWORD);
      expect(service.output()).not.toContain(encodeURIComponent(PASSWORD));
    },
  );
});
