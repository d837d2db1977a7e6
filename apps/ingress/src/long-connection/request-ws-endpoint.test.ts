import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFeishuStandIn, type RunningFeishuStandIn } from '@feishu-welcome/feishu-stand-in';
import { TEST_APP } from '@feishu-welcome/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestWsEndpoint } from './request-ws-endpoint.js';

describe('requestWsEndpoint', () => {
  let standIn: RunningFeishuStandIn;
  beforeAll(async () => {
    standIn = await startFeishuStandIn({
      appId: TEST_APP.appId,
      appSecret: TEST_APP.appSecret,
      longConnection: { pingIntervalSeconds: 7, reconnectCount: 4 },
    });
  });
  afterAll(async () => {
    await standIn.close();
  });
  const ask = (overrides: { appSecret?: string; baseUrl?: string } = {}) =>
    requestWsEndpoint({
      baseUrl: overrides.baseUrl ?? standIn.url,
      appId: TEST_APP.appId,
      appSecret: overrides.appSecret ?? TEST_APP.appSecret,
      timeoutMs: 2_000,
      fetch,
    });

  it('answers the URL and the client configuration', async () => {
    const answer = await ask();
    expect(answer).toMatchObject({
      kind: 'url',
      url: expect.stringMatching(/^ws:\/\/.*service_id=\d+/) as unknown,
      config: { PingInterval: 7, ReconnectCount: 4, ReconnectInterval: 120, ReconnectNonce: 30 },
    });
  });

  it.each([
    [514, /credentials \(code 514\): check FEISHU_APP_ID and FEISHU_APP_SECRET/],
    [403, /code 403/],
    [1000040350, /code 1000040350/],
  ])('gives up on code %i, saying why', async (code, message) => {
    standIn.addFault({ kind: 'feishu-error', endpoint: 'ws-endpoint', code, times: 1 });
    const answer = await ask();
    expect(answer.kind).toBe('refused');
    if (answer.kind === 'refused') {
      expect(answer.error.code).toBe(code);
      expect(answer.error.message).toMatch(message);
    }
  });

  // Feishu's own clients retry only 1 and 1000040343; retrying any other code would leave a live
  // process that never hears an event.
  it.each([1000040344, 99991663])('gives up on a code it does not know, %i, naming it', async (code) => {
    standIn.addFault({ kind: 'feishu-error', endpoint: 'ws-endpoint', code, times: 1 });
    const answer = await ask();
    expect(answer).toMatchObject({ kind: 'refused', error: { code } });
    if (answer.kind === 'refused') expect(answer.error.message).toContain(`code ${code}`);
  });

  it('gives up on wrong credentials', async () => {
    expect(await ask({ appSecret: 'wrong' })).toMatchObject({ kind: 'refused', error: { code: 514 } });
  });

  it.each([
    ['busy (code 1)', { kind: 'feishu-error', endpoint: 'ws-endpoint', code: 1, times: 1 } as const],
    [
      'an internal error',
      { kind: 'feishu-error', endpoint: 'ws-endpoint', code: 1000040343, times: 1 } as const,
    ],
    ['the rate limit', { kind: 'feishu-error', endpoint: 'ws-endpoint', code: 99991400, times: 1 } as const],
    ['HTTP 502', { kind: 'http-error', endpoint: 'ws-endpoint', status: 502, times: 1 } as const],
    [
      'a hang past the timeout',
      { kind: 'hang', endpoint: 'ws-endpoint', delay_ms: 5_000, times: 1 } as const,
    ],
  ])('retries after %s', async (_name, fault) => {
    standIn.addFault(fault);
    expect((await ask()).kind).toBe('retry');
    expect((await ask()).kind).toBe('url');
  });

  it('retries when nothing answers', async () => {
    expect(await ask({ baseUrl: 'http://127.0.0.1:1' })).toMatchObject({ kind: 'retry' });
  });

  describe('against an endpoint that answers nonsense', () => {
    let server: Server;
    let reply = '';
    beforeAll(async () => {
      server = createServer((_req, res) => res.end(reply));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const answered = (data: Record<string, unknown>, padding = '') => {
      reply = JSON.stringify({ code: 0, data: { ClientConfig: {}, ...data }, padding });
      return ask({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    };

    it('reads a good answer', async () => {
      expect(await answered({ URL: 'ws://127.0.0.1:1/ws?service_id=1' })).toMatchObject({ kind: 'url' });
    });

    it.each(['ws://127.0.0.1:99999/ws?service_id=1', 'ws://[zz/ws'])(
      'retries when the URL %s does not parse, rather than failing the process',
      async (url) => {
        expect(await answered({ URL: url })).toMatchObject({
          kind: 'retry',
          code: 0,
          cause: 'HTTP 200, no usable URL in the reply',
        });
      },
    );

    it('retries a reply far larger than any Feishu sends, rather than holding it all', async () => {
      const answer = await answered({ URL: 'ws://127.0.0.1:1/ws?service_id=1' }, 'x'.repeat(1024 * 1024));
      expect(answer).toMatchObject({ kind: 'retry', cause: expect.stringMatching(/larger than/) as unknown });
    });
  });
});
