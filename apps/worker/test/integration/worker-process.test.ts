import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFeishuStandIn } from '@feishu-welcome/feishu-stand-in';
import { TEST_APP, fatalLines, freePort, spawnService, waitFor } from '@feishu-welcome/testing';
import { describe, expect, inject, it } from 'vitest';

const MAIN = 'apps/worker/dist/main.js';
const redisUrl = inject('redisUrl');

async function baseEnv(): Promise<Record<string, string>> {
  return {
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `test-${Math.random().toString(36).slice(2)}`,
    FEISHU_APP_ID: TEST_APP.appId,
    FEISHU_APP_SECRET: TEST_APP.appSecret,
    METRICS_PORT: String(await freePort()),
  };
}

describe('the worker process at start', () => {
  it('exits non-zero naming missing credentials, never printing values', async () => {
    const env = await baseEnv();
    const service = spawnService(MAIN, {
      ...env,
      FEISHU_APP_SECRET: '',
      FEISHU_DOMAIN: 'gopher://secret-domain',
    });
    expect(await service.exited()).not.toBe(0);
    expect(service.output()).toMatch(/FEISHU_APP_SECRET: required/);
    expect(service.output()).toMatch(/FEISHU_DOMAIN: must be feishu, lark or an http\(s\) base URL/);
    expect(service.output()).not.toMatch(/secret-domain/);
  });

  it('exits 1 naming ENQUEUE_MIN_REPLICAS when it is not a count, as the ingress does', async () => {
    const service = spawnService(MAIN, { ...(await baseEnv()), ENQUEUE_MIN_REPLICAS: '1.5' });
    expect(await service.exited()).toBe(1);
    expect(service.output()).toMatch(/ENQUEUE_MIN_REPLICAS: must be a non-negative integer/);
  });

  it('exits non-zero on a message file that is not valid', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'msg-')), 'welcome.json');
    writeFileSync(path, JSON.stringify({ msg_type: 'text', content: { text: 'Hi {{user.nickname}}' } }));
    const service = spawnService(MAIN, { ...(await baseEnv()), ONBOARDING_MESSAGE: path });
    expect(await service.exited()).not.toBe(0);
    expect(service.output()).toMatch(/ONBOARDING_MESSAGE: unknown placeholders \{\{user\.nickname\}\}/);
  });

  it('exits non-zero when Feishu refuses the app credentials', async () => {
    const standIn = await startFeishuStandIn({ appId: TEST_APP.appId, appSecret: 'the-real-secret' });
    try {
      const service = spawnService(MAIN, { ...(await baseEnv()), FEISHU_DOMAIN: standIn.url });
      expect(await service.exited()).toBe(1);
      expect(service.output()).toMatch(/Feishu refused FEISHU_APP_ID \/ FEISHU_APP_SECRET/);
      expect(service.output()).not.toContain(TEST_APP.appSecret);
    } finally {
      await standIn.close();
    }
  });

  it('exits 1 with one line naming METRICS_PORT when a second worker on the host is given the same', async () => {
    const standIn = await startFeishuStandIn({ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret });
    const metricsPort = String(await freePort());
    const env = { ...(await baseEnv()), FEISHU_DOMAIN: standIn.url, METRICS_PORT: metricsPort };
    const first = spawnService(MAIN, env);
    try {
      const readyz = `http://127.0.0.1:${metricsPort}/readyz`;
      await waitFor('the first worker to be ready', async () => (await fetch(readyz)).ok, {
        timeoutMs: 20_000,
      });
      const second = spawnService(MAIN, env);
      expect(await second.exited()).toBe(1);
      expect(fatalLines(second.output())).toEqual([
        expect.objectContaining({ msg: `METRICS_PORT ${metricsPort} is already in use` }),
      ]);
      expect(second.output()).not.toMatch(/^\s+at /m);
      expect((await fetch(readyz)).ok).toBe(true);
    } finally {
      await first.kill('SIGKILL');
      await standIn.close();
    }
  });

  it('stops on SIGTERM, exit 0, even when Redis never answers', async () => {
    const standIn = await startFeishuStandIn({ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret });
    const env = {
      ...(await baseEnv()),
      FEISHU_DOMAIN: standIn.url,
      // Nothing listens there: BullMQ's close and QUIT would wait for it forever.
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      SHUTDOWN_GRACE_MS: '500',
    };
    const worker = spawnService(MAIN, env);
    try {
      await waitFor(
        'the worker to start',
        () => Promise.resolve(worker.output().includes('worker started')),
        {
          timeoutMs: 20_000,
        },
      );
      expect(await worker.kill('SIGTERM')).toBe(0);
      expect(worker.output()).toContain('worker stopped');
    } finally {
      await worker.kill('SIGKILL');
      await standIn.close();
    }
  });
});
