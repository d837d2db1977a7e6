import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_ID, closeStandIns, request, startStandIn } from '../test/stand-in-client.js';
import {
  closeWsClients,
  connectWs,
  requestWsEndpoint,
  upgradeAnswer,
  upgradeStatus,
  wsUrlOf,
} from '../test/ws-test-client.js';
import { InvalidFaultError } from './invalid-fault-error.js';

afterEach(async () => {
  closeWsClients();
  await closeStandIns();
});

/** The endpoint called with a `Host` header fetch would not let us set, as a container reaching `stand-in` sends. */
function endpointVia(port: number, host: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ AppID: APP_ID, AppSecret: 'stand-in-test-secret' });
    const req = httpRequest(
      { port, host: '127.0.0.1', path: '/callback/ws/endpoint', method: 'POST' },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>),
        );
      },
    );
    req.setHeader('host', host);
    req.setHeader('content-type', 'application/json');
    req.on('error', reject);
    req.end(body);
  });
}

describe('POST /callback/ws/endpoint', () => {
  it('answers the right credentials with a single-use WebSocket URL and the client configuration', async () => {
    const standIn = await startStandIn({
      longConnection: {
        pingIntervalSeconds: 7,
        reconnectCount: 3,
        reconnectIntervalSeconds: 9,
        reconnectNonceSeconds: 0,
      },
    });
    const answer = await requestWsEndpoint(standIn.url);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      code: 0,
      msg: 'ok',
      data: { ClientConfig: { PingInterval: 7, ReconnectCount: 3, ReconnectInterval: 9, ReconnectNonce: 0 } },
    });
    const url = new URL(wsUrlOf(answer));
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(`ws://127.0.0.1:${standIn.port}/ws/v2`);
    expect(url.searchParams.get('device_id')).toMatch(/^\d+$/);
    expect(url.searchParams.get('service_id')).toMatch(/^[1-9]\d*$/);
    expect(url.searchParams.get('ticket')).toMatch(/^[0-9a-f]{32}$/);
    expect(standIn.requests().at(-1)).toMatchObject({
      endpoint: 'ws-endpoint',
      outcome: 'issued',
      app_id: APP_ID,
    });
  });

  it("points the URL at the Host the request came with, so that it works through docker's network", async () => {
    const standIn = await startStandIn();
    const answer = await endpointVia(standIn.port, 'feishu-stand-in:3100');
    expect((answer['data'] as { URL: string }).URL).toMatch(/^ws:\/\/feishu-stand-in:3100\/ws\/v2\?/);
  });

  it('refuses a wrong secret, a wrong app id and a body without credentials with 514 auth failed', async () => {
    const standIn = await startStandIn();
    for (const credentials of [
      { AppID: APP_ID, AppSecret: 'not-the-secret' },
      { AppID: 'cli_ffffffffffffffff', AppSecret: 'stand-in-test-secret' },
      { app_id: APP_ID },
    ]) {
      const answer = await requestWsEndpoint(standIn.url, credentials);
      expect([answer.status, answer.body]).toEqual([200, { code: 514, msg: 'auth failed' }]);
    }
    expect(standIn.requests().map((r) => r.outcome)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('lets any app connect when no credentials are configured', async () => {
    const standIn = await startStandIn({ appId: undefined, appSecret: undefined });
    const answer = await requestWsEndpoint(standIn.url, {
      AppID: 'cli_0000000000000000',
      AppSecret: 'anything',
    });
    expect(answer.body).toMatchObject({ code: 0 });
  });

  it("answers a scripted Feishu code with HTTP 200 and Feishu's message, then normally", async () => {
    const standIn = await startStandIn();
    const expected = new Map([
      [514, 'auth failed'],
      [403, 'forbidden'],
      [1, 'system busy'],
      [1000040343, 'internal error'],
      [1000040350, 'connection limit exceeded'],
    ]);
    for (const [code, msg] of expected) {
      standIn.addFault({ kind: 'feishu-error', endpoint: 'ws-endpoint', code, times: 1 });
      const answer = await requestWsEndpoint(standIn.url);
      expect([answer.status, answer.body]).toEqual([200, { code, msg }]);
    }
    expect((await requestWsEndpoint(standIn.url)).body).toMatchObject({ code: 0 });
    expect(standIn.requests().filter((r) => r.outcome === 'faulted')).toHaveLength(expected.size);
  });

  it('answers a scripted http-error, and holds the request under a hang fault', async () => {
    const standIn = await startStandIn();
    standIn.addFault({ kind: 'http-error', endpoint: 'ws-endpoint', status: 502, times: 1 });
    expect((await requestWsEndpoint(standIn.url)).status).toBe(502);

    standIn.addFault({ kind: 'hang', endpoint: 'ws-endpoint', times: 1 });
    const held = request(`${standIn.url}/callback/ws/endpoint`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ AppID: APP_ID, AppSecret: 'stand-in-test-secret' }),
      signal: AbortSignal.timeout(300),
    });
    await expect(held).rejects.toThrow();
    expect(standIn.requests().at(-1)).toMatchObject({ endpoint: 'ws-endpoint', http_status: null });
  });

  it('takes no receive_id on a ws-endpoint fault', async () => {
    const standIn = await startStandIn();
    expect(() =>
      standIn.addFault({ kind: 'feishu-error', endpoint: 'ws-endpoint', code: 514, receive_id: 'ou_x' }),
    ).toThrow(InvalidFaultError);
  });

  it('refuses connections past the limit with 1000040350 until one closes', async () => {
    const standIn = await startStandIn({ longConnection: { maxConnections: 2 } });
    const first = await connectWs(standIn.url);
    await connectWs(standIn.url);

    const refused = await requestWsEndpoint(standIn.url);
    expect([refused.status, refused.body]).toEqual([
      200,
      { code: 1000040350, msg: 'connection limit exceeded' },
    ]);

    first.socket.close();
    await first.closed;
    await expect.poll(() => standIn.wsConnections().filter((c) => c.state === 'open').length).toBe(1);
    expect((await requestWsEndpoint(standIn.url)).body).toMatchObject({ code: 0 });
  });
});

describe('the WebSocket upgrade', () => {
  it("refuses an upgrade past the limit with Feishu's handshake headers: 514, auth error 1000040350", async () => {
    const standIn = await startStandIn({ longConnection: { maxConnections: 1 } });
    // Handed out while no connection is open, used once one is.
    const second = wsUrlOf(await requestWsEndpoint(standIn.url));
    await connectWs(standIn.url);

    const refused = await upgradeAnswer(second);
    expect(refused.status).toBe(403);
    expect(refused.headers).toMatchObject({
      'handshake-status': '514',
      'handshake-autherrcode': '1000040350',
    });
    expect(refused.headers['handshake-msg']).toBeTruthy();
  });

  it('lets a ticket in once, and refuses it used, made up, or on another path with 403', async () => {
    const standIn = await startStandIn();
    const url = wsUrlOf(await requestWsEndpoint(standIn.url));
    expect(await upgradeStatus(url)).toBe(101);
    expect(await upgradeStatus(url)).toBe(403);

    const madeUp = new URL(wsUrlOf(await requestWsEndpoint(standIn.url)));
    madeUp.searchParams.set('ticket', '0'.repeat(32));
    expect(await upgradeStatus(madeUp.toString())).toBe(403);

    const otherPath = new URL(wsUrlOf(await requestWsEndpoint(standIn.url)));
    otherPath.pathname = '/ws/v1';
    expect(await upgradeStatus(otherPath.toString())).toBe(403);

    const otherDevice = new URL(wsUrlOf(await requestWsEndpoint(standIn.url)));
    otherDevice.searchParams.set('device_id', '1');
    expect(await upgradeStatus(otherDevice.toString())).toBe(403);

    expect(standIn.wsConnections()).toHaveLength(1);
  });
});
