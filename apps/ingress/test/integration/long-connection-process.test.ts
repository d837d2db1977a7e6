import { startFeishuStandIn, type RunningFeishuStandIn } from '@feishu-welcome/feishu-stand-in';
import {
  TEST_APP,
  fatalLines,
  freePort,
  makeUser,
  p2pChatCreate,
  spawnService,
  uniqueQueueName,
  waitFor,
} from '@feishu-welcome/testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { QUICK_LONG_CONNECTION } from './start-ws-ingress.js';

const MAIN = 'apps/ingress/dist/main.js';

describe('the ingress process in websocket mode', () => {
  let standIn: RunningFeishuStandIn;
  afterEach(async () => {
    await standIn.close();
  });

  const websocketEnv = async (overrides: Record<string, string> = {}) => ({
    FEISHU_EVENT_MODE: 'websocket',
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: uniqueQueueName(),
    METRICS_PORT: String(await freePort()),
    FEISHU_APP_ID: TEST_APP.appId,
    FEISHU_APP_SECRET: TEST_APP.appSecret,
    FEISHU_DOMAIN: standIn.url,
    ...overrides,
  });

  it('exits 1 with one line naming the cause when Feishu refuses the credentials, never ready', async () => {
    standIn = await startFeishuStandIn({ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret });
    const env = await websocketEnv({ FEISHU_APP_SECRET: 'a-wrong-secret-value' });
    const service = spawnService(MAIN, env);
    expect(await service.exited()).toBe(1);
    expect(fatalLines(service.output())).toEqual([
      expect.objectContaining({
        msg: "Feishu refused the app's credentials (code 514): check FEISHU_APP_ID and FEISHU_APP_SECRET",
        code: 514,
      }),
    ]);
    expect(service.output()).not.toContain('ingress connected');
    expect(service.output()).not.toContain('a-wrong-secret-value');
    expect(standIn.wsConnections()).toEqual([]);
  });

  it('refuses websocket mode without the app id or secret, naming the keys', async () => {
    standIn = await startFeishuStandIn();
    const { FEISHU_APP_SECRET: _secret, FEISHU_APP_ID: _id, ...env } = await websocketEnv();
    const service = spawnService(MAIN, env);
    expect(await service.exited()).toBe(1);
    expect(service.output()).toMatch(/FEISHU_APP_SECRET: required \(FEISHU_EVENT_MODE=websocket\)/);
    expect(service.output()).toMatch(/FEISHU_APP_ID: required \(FEISHU_EVENT_MODE=websocket\)/);
    expect(service.output()).not.toMatch(/FEISHU_VERIFICATION_TOKEN/);
  });

  it('serves no webhook, on PORT or on METRICS_PORT, and its ops routes on METRICS_PORT', async () => {
    standIn = await startFeishuStandIn({ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret });
    const port = String(await freePort());
    const env = await websocketEnv({ PORT: port });
    const ops = `http://127.0.0.1:${env.METRICS_PORT}`;
    const service = spawnService(MAIN, env);
    try {
      await waitFor('the ingress to be ready', async () => (await fetch(`${ops}/readyz`)).ok, {
        timeoutMs: 20_000,
      });
      await expect(fetch(`http://127.0.0.1:${port}/webhook/event`, { method: 'POST' })).rejects.toThrow();
      expect((await fetch(`${ops}/webhook/event`, { method: 'POST', body: '{}' })).status).toBe(404);
      expect((await fetch(`${ops}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${ops}/metrics`)).text()).toContain('feishu_ingress_ws_connected 1\n');
    } finally {
      await service.kill('SIGKILL');
    }
  });

  it('logs events by id, never their content, a name, the secret or the ticket; SIGTERM exits 0', async () => {
    standIn = await startFeishuStandIn({
      appId: TEST_APP.appId,
      appSecret: TEST_APP.appSecret,
      longConnection: QUICK_LONG_CONNECTION,
    });
    const env = await websocketEnv({ LOG_LEVEL: 'trace' });
    const service = spawnService(MAIN, env);
    try {
      await waitFor(
        'the ingress to be ready',
        async () => (await fetch(`http://127.0.0.1:${env.METRICS_PORT}/readyz`)).ok,
        { timeoutMs: 20_000 },
      );
      const users = [makeUser('Zelda Quuxington'), makeUser('Ygritte Snowfall')];
      const events = users.map((user) => p2pChatCreate(user));
      for (const event of events) standIn.wsPush(event, { fragments: 3, order: 'shuffle' });
      // A refused one too, and a drop, for the error paths' lines.
      standIn.wsPush(p2pChatCreate(makeUser('Xavier Gone'), { appId: 'cli_0000000000000000' }));
      await waitFor('every push answered', () =>
        standIn.wsDeliveries().every((delivery) => delivery.attempts.some((a) => a.outcome !== 'pending')),
      );
      standIn.wsDrop();
      await waitFor('the reconnection', () => standIn.wsConnections().some((c) => c.state === 'open'));
      expect(await service.kill('SIGTERM')).toBe(0);

      const output = service.output();
      for (const secret of [
        TEST_APP.appSecret,
        'Zelda',
        'Quuxington',
        'Ygritte',
        'Xavier',
        'ticket',
        '/ws/v2',
        ...users.map((user) => user.openId),
      ]) {
        expect(output, `the logs contain "${secret}"`).not.toContain(secret);
      }
      for (const event of events) expect(output).toContain(String(event['uuid']));
      expect(standIn.wsConnections().map((c) => c.state)).toEqual(['closed', 'closed']);
    } finally {
      await service.kill('SIGKILL');
    }
  });
});
