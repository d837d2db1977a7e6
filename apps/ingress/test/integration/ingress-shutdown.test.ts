import { request } from 'node:http';
import {
  TEST_APP,
  encryptedPush,
  freePort,
  makeUser,
  p2pChatCreate,
  spawnService,
  waitFor,
} from '@feishu-welcome/testing';
import { describe, expect, inject, it } from 'vitest';

describe('SIGTERM to the ingress', () => {
  it('finishes the request in flight, then stops accepting and exits 0', async () => {
    const port = await freePort();
    const service = spawnService('apps/ingress/dist/main.js', {
      PORT: String(port),
      METRICS_PORT: String(await freePort()),
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: `test-${Math.random().toString(36).slice(2)}`,
      FEISHU_VERIFICATION_TOKEN: TEST_APP.verificationToken,
      FEISHU_ENCRYPT_KEY: TEST_APP.encryptKey,
    });
    const url = `http://127.0.0.1:${port}`;
    await waitFor('the ingress to be ready', async () => (await fetch(`${url}/readyz`)).ok);

    // A push whose body is still arriving when SIGTERM comes.
    const push = encryptedPush(p2pChatCreate(makeUser()));
    const body = Buffer.from(push.body);
    const answered = new Promise<number>((resolve, reject) => {
      const req = request(`${url}/webhook/event`, {
        method: 'POST',
        headers: { ...push.headers, 'content-length': String(body.length) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(body.subarray(0, 10));
      setTimeout(() => {
        service.child.kill('SIGTERM');
        setTimeout(() => req.end(body.subarray(10)), 300);
      }, 100);
    });

    expect(await answered).toBe(200);
    expect(await service.exited()).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
