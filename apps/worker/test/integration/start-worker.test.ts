import { startFeishuStandIn, type RunningFeishuStandIn } from '@feishu-welcome/feishu-stand-in';
import { createLogger } from '@feishu-welcome/shared';
import { TEST_APP, uniqueQueueName } from '@feishu-welcome/testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { CredentialsRefusedError } from '../../src/feishu/credentials-refused-error.js';
import { startWorker } from '../../src/start-worker.js';
import { loadWorkerConfig } from '../../src/worker-config.js';

const log = createLogger({ name: 'worker-test', level: 'silent' });

function configFor(standIn: RunningFeishuStandIn) {
  return {
    ...loadWorkerConfig({
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: uniqueQueueName(),
      FEISHU_APP_ID: TEST_APP.appId,
      FEISHU_APP_SECRET: TEST_APP.appSecret,
      FEISHU_DOMAIN: standIn.url,
    }),
    metricsPort: 0,
  };
}

describe('startWorker', () => {
  let standIn: RunningFeishuStandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
  });

  it('runs in this process until closed, ready on its ops port', async () => {
    standIn = await startFeishuStandIn({ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret });
    const worker = await startWorker(configFor(standIn), { log });
    try {
      expect((await fetch(`http://127.0.0.1:${worker.metricsPort}/readyz`)).status).toBe(200);
    } finally {
      await worker.close();
    }
    await expect(fetch(`http://127.0.0.1:${worker.metricsPort}/healthz`)).rejects.toThrow();
  });

  it('refuses to start when Feishu refuses the app credentials', async () => {
    standIn = await startFeishuStandIn({ appId: TEST_APP.appId, appSecret: 'the-real-secret' });
    await expect(startWorker(configFor(standIn), { log })).rejects.toBeInstanceOf(CredentialsRefusedError);
  });
});
