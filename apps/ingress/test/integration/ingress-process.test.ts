import {
  TEST_APP,
  encryptedPush,
  freePort,
  makeUser,
  p2pChatCreate,
  spawnService,
  startOwnedRedis,
  startStallingProxy,
  waitFor,
  type RedisHandle,
  type SpawnedService,
  type StallingProxy,
} from '@feishu-welcome/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = 'apps/ingress/dist/main.js';

describe('the ingress process', () => {
  it('exits non-zero before listening, naming each bad key and never its value', async () => {
    const port = await freePort();
    const service = spawnService(MAIN, {
      PORT: String(port),
      REDIS_URL: 'mysql://secret-host-value',
      FEISHU_ENCRYPT_KEY: 'secret-encrypt-key',
    });
    expect(await service.exited()).not.toBe(0);
    expect(service.output()).toMatch(/FEISHU_VERIFICATION_TOKEN: required/);
    expect(service.output()).toMatch(/REDIS_URL/);
    expect(service.output()).not.toMatch(/secret/);
  });

  describe('with a Redis that stops and comes back', () => {
    let redis: RedisHandle;
    let proxy: StallingProxy;
    let service: SpawnedService;
    let url: string;
    let metricsPort: number;
    const post = async () => {
      const push = encryptedPush(p2pChatCreate(makeUser()));
      return await fetch(`${url}/webhook/event`, { method: 'POST', headers: push.headers, body: push.body });
    };

    beforeAll(async () => {
      redis = await startOwnedRedis();
      proxy = await startStallingProxy(redis.url);
      const port = await freePort();
      metricsPort = await freePort();
      url = `http://127.0.0.1:${port}`;
      service = spawnService(MAIN, {
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        REDIS_URL: proxy.url,
        FEISHU_VERIFICATION_TOKEN: TEST_APP.verificationToken,
        FEISHU_ENCRYPT_KEY: TEST_APP.encryptKey,
        LOG_LEVEL: 'warn',
      });
      await waitFor('the ingress to be ready', async () => (await fetch(`${url}/readyz`)).ok);
    });
    afterAll(async () => {
      await service.kill('SIGKILL');
      await proxy.close();
      await redis.dispose();
    });

    it('acknowledges while Redis is up, answers 503 fast while it is down, and recovers by itself', async () => {
      expect((await post()).status).toBe(200);

      await redis.stop();
      const started = Date.now();
      const down = await post();
      // Feishu waits 3 s at most; a 503 must come well before that so Feishu can retry.
      expect(down.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect((await fetch(`${url}/readyz`)).status).toBe(503);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);

      await redis.start();
      await waitFor('the ingress to reconnect', async () => (await fetch(`${url}/readyz`)).ok, {
        timeoutMs: 15_000,
      });
      expect((await post()).status).toBe(200);
    });

    it('answers 503 within the enqueue timeout while Redis is connected but silent', async () => {
      expect((await post()).status).toBe(200);
      proxy.stall();
      try {
        const started = Date.now();
        expect((await post()).status).toBe(503);
        expect(Date.now() - started).toBeLessThan(3_000);
      } finally {
        proxy.resume();
      }
      expect((await post()).status).toBe(200);
    });

    it('serves Prometheus metrics on its own port, counting outcomes', async () => {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(text).toMatch(
        /feishu_ingress_requests_total\{outcome="accepted",reason="",event_type="p2p_chat_create"\} [1-9]/,
      );
      expect(text).toMatch(/feishu_ingress_requests_total\{outcome="unavailable"/);
      expect(text).toMatch(/feishu_ingress_ack_seconds_bucket/);
      expect((await fetch(`${url}/metrics`)).status).toBe(404);
    });

    it('warns that its Redis keeps nothing on disk, in the log and in a metric', async () => {
      const warning = service
        .output()
        .split('\n')
        .find((line) => line.includes('"persistence":"none"'));
      expect(JSON.parse(warning ?? '{}')).toMatchObject({
        level: 40,
        msg: expect.stringMatching(/appendonly yes/),
      });
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(text).toContain('feishu_ingress_redis_persistence{state="none"} 1\n');
      expect(text).toContain('feishu_ingress_redis_persistence{state="aof"} 0\n');
    });

    it('exits 0 on SIGTERM', async () => {
      expect(await service.kill('SIGTERM')).toBe(0);
    });
  });
});
