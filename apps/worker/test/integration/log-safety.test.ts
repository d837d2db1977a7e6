import { setTimeout as sleep } from 'node:timers/promises';
import { startFeishuStandIn } from '@feishu-welcome/feishu-stand-in';
import { TEST_APP, makeUser, p2pChatCreate, startOwnedRedis, waitFor } from '@feishu-welcome/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startPipeline, type Pipeline } from './pipeline.js';
import { spawnServices } from './spawn-services.js';

const redisUrl = inject('redisUrl');

describe('what the processes log on a real run', () => {
  let pipeline: Pipeline;
  afterAll(async () => {
    await pipeline.close();
  });

  it('traces each event by its id and never prints a secret, a token, a name or message content', async () => {
    pipeline = await startPipeline({ redisUrl, workers: 1, logLevel: 'trace' });
    const { standIn } = pipeline;
    const users = [makeUser('Zelda Quuxington'), makeUser('Ygritte Snowfall'), makeUser('Xavier Gone')];
    const events = users.map((user) => p2pChatCreate(user));
    const chatOf = (e: Record<string, unknown>) => (e['event'] as { chat_id: string }).chat_id;
    // Exercise the error paths too: a permanent failure, a throttle and a token that expires.
    standIn.addFault({ kind: 'feishu-error', code: 230053, receive_id: chatOf(events[2] ?? {}) });
    standIn.addFault({ kind: 'throttle', receive_id: chatOf(events[1] ?? {}), times: 1 });
    await pipeline.deliver(events[0] ?? {});
    await pipeline.settled();
    standIn.expireTokens();
    for (const event of events.slice(1)) await pipeline.deliver(event);
    await pipeline.deliver(events[0] ?? {});
    await pipeline.settled();
    expect(standIn.messages()).toHaveLength(2);

    // The token the worker holds now: the stand-in hands back the current one.
    const tokenReply = await fetch(`${standIn.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: TEST_APP.appId, app_secret: TEST_APP.appSecret }),
    });
    const { tenant_access_token: tenantToken } = (await tokenReply.json()) as { tenant_access_token: string };

    const logs = pipeline.logs();
    const welcomeText = String(standIn.messages()[0]?.content['text']);
    for (const secret of [
      TEST_APP.verificationToken,
      TEST_APP.encryptKey,
      TEST_APP.appSecret,
      tenantToken,
      welcomeText,
      ...users.map((user) => user.name),
      ...users.map((user) => user.name.split(' ')[0] ?? ''),
    ]) {
      expect(logs, `the logs contain "${secret}"`).not.toContain(secret);
    }
    for (const event of events) {
      const lines = logs.split('\n').filter((line) => line.includes(String(event['uuid'])));
      expect(lines.some((line) => line.includes('"name":"ingress"'))).toBe(true);
      expect(lines.some((line) => line.includes('"name":"worker"'))).toBe(true);
    }
  });
});

describe('what the processes log when Redis refuses the password', () => {
  it(
    'says so once per process, naming the command and never printing the password',
    { timeout: 60_000 },
    async () => {
      const password = 'Pa55word-that-must-stay-secret';
      const redis = await startOwnedRedis({ requirePass: 'the-right-one' });
      const standIn = await startFeishuStandIn({ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret });
      const wrongUrl = redis.url.replace(/\/\/[^@]*@/, `//:${password}@`);
      const { all: services, kill } = await spawnServices(
        { REDIS_URL: wrongUrl, LOG_LEVEL: 'info' },
        standIn.url,
      );
      try {
        const refusals = (output: string) =>
          output.split('\n').filter((line) => line.includes('Redis refused the password'));
        // Three Node processes starting on a machine busy with the rest of the suite: give them time.
        await waitFor(
          'every process to report the refused password',
          () => services.every((service) => refusals(service.output()).length > 0),
          { timeoutMs: 30_000 },
        );
        // ioredis retries all along (a worker printed 114 lines in 6 s): watch a few seconds of that.
        await sleep(4_000);
        for (const service of services) {
          const output = service.output();
          expect(output).not.toContain(password);
          expect(output).not.toContain(encodeURIComponent(password));
          const [line, ...more] = refusals(output);
          expect(more).toEqual([]);
          expect(JSON.parse(line ?? '')).toMatchObject({
            level: 50,
            err: {
              type: 'ReplyError',
              command: 'auth',
              message: expect.stringMatching(/^WRONGPASS/) as unknown,
            },
          });
          expect(output.split('\n').length).toBeLessThan(10);
        }
      } finally {
        await kill();
        await standIn.close();
        await redis.dispose();
      }
    },
  );
});
