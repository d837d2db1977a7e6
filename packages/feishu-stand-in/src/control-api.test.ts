import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import {
  closeStandIns,
  fetchToken,
  postJson,
  request,
  sendMessage,
  startStandIn,
  textMessage,
} from '../test/stand-in-client.js';
import { createFeishuStandIn } from './create-feishu-stand-in.js';

afterEach(closeStandIns);

function del(url: string) {
  return request(url, { method: 'DELETE' });
}

describe('the /__stand-in control API', () => {
  it('answers health checks with 200', async () => {
    const standIn = await startStandIn();
    expect((await request(`${standIn.url}/healthz`)).status).toBe(200);
    expect((await request(`${standIn.url}/__stand-in/`)).body).toEqual({ name: 'feishu-stand-in', ok: true });
  });

  it('serves the delivered messages, the stats and the request log', async () => {
    const standIn = await startStandIn();
    const token = await fetchToken(standIn.url);
    await sendMessage(standIn.url, token, textMessage('ou_a', 'hello a'));
    await sendMessage(standIn.url, token, textMessage('ou_b', 'hello b'));

    const messages = await request(`${standIn.url}/__stand-in/messages`);
    expect(messages.body).toEqual({ messages: standIn.messages() });
    const onlyB = await request(`${standIn.url}/__stand-in/messages?receive_id=ou_b`);
    expect(onlyB.body).toMatchObject({ messages: [{ receive_id: 'ou_b', content: { text: 'hello b' } }] });
    expect((await request(`${standIn.url}/__stand-in/stats`)).body).toMatchObject({
      delivered: 2,
      tokens_issued: 1,
    });
    const log = await request(`${standIn.url}/__stand-in/requests`);
    expect(log.body).toMatchObject({
      requests: [{ endpoint: 'token' }, { outcome: 'delivered' }, { outcome: 'delivered' }],
    });
    expect(JSON.stringify(log.body)).not.toContain(token);
  });

  it("keeps each answer's code, msg and log id, and serves one receiver's requests when asked", async () => {
    const standIn = await startStandIn();
    const token = await fetchToken(standIn.url);
    standIn.addFault({ kind: 'feishu-error', receive_id: 'ou_b', code: 230053, times: 1 });
    await sendMessage(standIn.url, token, textMessage('ou_a', 'hello a'));
    const refused = await sendMessage(standIn.url, token, textMessage('ou_b', 'hello b'));

    const onlyB = await request(`${standIn.url}/__stand-in/requests?receive_id=ou_b`);
    expect(onlyB.body).toEqual({
      requests: [
        expect.objectContaining({
          receive_id: 'ou_b',
          outcome: 'faulted',
          http_status: 400,
          code: 230053,
          msg: 'The user has stopped the bot',
          log_id: refused.headers.get('x-tt-logid'),
        }),
      ],
    });
  });

  it('adds, lists and removes faults over HTTP', async () => {
    const standIn = await startStandIn();
    const token = await fetchToken(standIn.url);
    const added = await postJson(`${standIn.url}/__stand-in/faults`, {
      kind: 'http-error',
      status: 503,
      times: 3,
    });

    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      fault: { id: 'fault-1', kind: 'http-error', status: 503, remaining: 3 },
    });
    expect((await sendMessage(standIn.url, token, textMessage())).status).toBe(503);
    expect((await request(`${standIn.url}/__stand-in/faults`)).body).toMatchObject({
      faults: [{ remaining: 2, fired: 1 }],
    });

    expect((await del(`${standIn.url}/__stand-in/faults/fault-1`)).body).toEqual({ removed: 'fault-1' });
    expect((await del(`${standIn.url}/__stand-in/faults/fault-1`)).status).toBe(404);
    await postJson(`${standIn.url}/__stand-in/faults`, { kind: 'hang' });
    expect((await del(`${standIn.url}/__stand-in/faults`)).body).toEqual({ cleared: 1 });
    expect((await sendMessage(standIn.url, token, textMessage())).status).toBe(200);
  });

  it('answers 400 naming the bad fields of a fault, and 400 to a body that is not JSON', async () => {
    const standIn = await startStandIn();
    const bad = await postJson(`${standIn.url}/__stand-in/faults`, {
      kind: 'http-error',
      status: 404,
      receiveId: 'ou_a',
    });

    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: 'invalid fault',
      problems: [expect.stringContaining('status'), expect.stringContaining('receiveId')],
    });
    const malformed = await postJson(`${standIn.url}/__stand-in/faults`, '{"kind": ');
    expect([malformed.status, malformed.body]).toEqual([400, { error: 'the body is not valid JSON' }]);
    expect(standIn.faults()).toEqual([]);
  });

  it('expires every token over HTTP', async () => {
    const standIn = await startStandIn();
    const token = await fetchToken(standIn.url);

    expect((await postJson(`${standIn.url}/__stand-in/tokens/expire`, {})).body).toEqual({ expired: 1 });
    expect((await sendMessage(standIn.url, token, textMessage())).body).toMatchObject({ code: 99991663 });
  });

  it('resets messages, faults, stats, the request log and tokens', async () => {
    const standIn = await startStandIn();
    const token = await fetchToken(standIn.url);
    await sendMessage(standIn.url, token, textMessage());
    standIn.addFault({ kind: 'hang' });

    expect((await postJson(`${standIn.url}/__stand-in/reset`, {})).body).toEqual({ reset: true });
    expect(standIn.messages()).toEqual([]);
    expect(standIn.faults()).toEqual([]);
    expect(standIn.requests()).toEqual([]);
    expect(standIn.stats()).toMatchObject({
      requests: 0,
      delivered: 0,
      token_requests: 0,
      max_accepted_in_any_second: 0,
    });
    expect((await sendMessage(standIn.url, token, textMessage())).body).toMatchObject({ code: 99991663 });
  });

  it('can be mounted inside another express app', async () => {
    const { app, control } = createFeishuStandIn({ appId: 'cli_mounted' });
    const host = express();
    host.use('/feishu', app);
    const server = createServer(host).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feishu`;
      const token = await postJson(`${base}/open-apis/auth/v3/tenant_access_token/internal`, {
        app_id: 'cli_mounted',
        app_secret: 'any',
      });
      expect(token.body).toMatchObject({ code: 0 });
      expect(control.stats().tokens_issued).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
