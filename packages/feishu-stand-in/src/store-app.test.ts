import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptEvent, deriveKey, verifySignature } from '@feishu-welcome/shared';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APP_ID,
  APP_SECRET,
  NOW_MS,
  closeStandIns,
  postJson,
  sendMessage,
  startStandIn,
  textMessage,
} from '../test/stand-in-client.js';
import { FeishuCode } from './feishu-codes.js';
import type { FeishuStandInOptions } from './stand-in-options.js';

const VERIFICATION_TOKEN = 'v-token-store';
const ENCRYPT_KEY = 'store-encrypt-key';

interface Push {
  readonly ticket: string;
  readonly appId: string;
  readonly token: string;
  readonly signed: boolean;
}

/** A webhook that refuses the first `refuse` pushes with 503, then answers 200, decrypting each. */
async function startWebhook(refuse = 0) {
  const pushes: Push[] = [];
  let attempts = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      attempts += 1;
      if (attempts <= refuse) {
        res.writeHead(503).end();
        return;
      }
      const rawBody = Buffer.concat(chunks);
      const header = (name: string) => req.headers[name] as string | undefined;
      const verdict = verifySignature(
        {
          timestamp: header('x-lark-request-timestamp'),
          nonce: header('x-lark-request-nonce'),
          signature: header('x-lark-signature'),
          rawBody,
        },
        ENCRYPT_KEY,
        Date.now(),
      );
      const { encrypt } = JSON.parse(rawBody.toString()) as { encrypt: string };
      const event = JSON.parse(decryptEvent(encrypt, deriveKey(ENCRYPT_KEY))) as {
        token: string;
        event: { app_id: string; app_ticket: string; type: string };
      };
      pushes.push({
        ticket: event.event.app_ticket,
        appId: event.event.app_id,
        token: event.token,
        signed: verdict.ok,
      });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    pushes,
    attempts: () => attempts,
  };
}

const servers: Server[] = [];
afterEach(async () => {
  await closeStandIns();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function startStore(webhookUrl: string, pushTicketAtStart = true, options: FeishuStandInOptions = {}) {
  return await startStandIn({
    appType: 'store',
    now: Date.now,
    storeApp: {
      ticketWebhookUrl: webhookUrl,
      verificationToken: VERIFICATION_TOKEN,
      encryptKey: ENCRYPT_KEY,
      pushTicketAtStart,
      retryMs: 20,
    },
    ...options,
  });
}

async function waitUntil(probe: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !probe(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(probe()).toBe(true);
}

const appToken = (baseUrl: string, ticket: string) =>
  postJson(`${baseUrl}/open-apis/auth/v3/app_access_token`, {
    app_id: APP_ID,
    app_secret: APP_SECRET,
    app_ticket: ticket,
  });

const tenantToken = (baseUrl: string, app: unknown, tenantKey: string) =>
  postJson(`${baseUrl}/open-apis/auth/v3/tenant_access_token`, {
    app_access_token: app,
    tenant_key: tenantKey,
  });

const resend = (baseUrl: string, secret = APP_SECRET) =>
  postJson(`${baseUrl}/open-apis/auth/v3/app_ticket/resend`, { app_id: APP_ID, app_secret: secret });

describe('the store-app mode', () => {
  it('pushes its app_ticket at start, encrypted and signed, until the webhook answers 200', async () => {
    const webhook = await startWebhook(2);
    const standIn = await startStore(webhook.url);
    await waitUntil(() => webhook.pushes.length === 1);
    expect(webhook.attempts()).toBe(3);
    expect(webhook.pushes[0]).toMatchObject({ appId: APP_ID, token: VERIFICATION_TOKEN, signed: true });
    await waitUntil(() => standIn.store.stats().tickets_pushed === 1);
  });

  it('pushes the ticket again on a resend, only with the app credentials', async () => {
    const webhook = await startWebhook();
    const standIn = await startStore(webhook.url, false);
    expect((await resend(standIn.url, 'wrong')).body).toMatchObject({ code: FeishuCode.APP_SECRET_INVALID });
    expect((await resend(standIn.url)).body).toEqual({ code: 0, msg: 'ok' });
    await waitUntil(() => standIn.store.stats().tickets_pushed === 1);
    expect(webhook.pushes).toHaveLength(1);
    expect(standIn.store.stats()).toMatchObject({ ticket_resends: 1 });
  });

  it('issues an app token for the current ticket only, and refuses the old one after a rotation', async () => {
    const webhook = await startWebhook();
    const standIn = await startStore(webhook.url);
    await waitUntil(() => webhook.pushes.length === 1);
    const ticket = webhook.pushes[0]!.ticket;
    const issued = await appToken(standIn.url, ticket);
    expect(issued.body).toMatchObject({
      code: 0,
      app_access_token: expect.stringMatching(/^a-/) as unknown,
      expire: 7_200,
    });

    standIn.store.rotateTicket();
    expect((await appToken(standIn.url, ticket)).body).toEqual({
      code: FeishuCode.APP_TICKET_INVALID,
      msg: 'app_ticket is invalid',
    });
    // A token issued before the rotation still works until it expires.
    expect((await tenantToken(standIn.url, issued.body['app_access_token'], 'tenant-a')).body['code']).toBe(
      0,
    );

    standIn.store.rotateTicket({ push: true });
    await waitUntil(() => webhook.pushes.length === 2);
    expect(webhook.pushes[1]!.ticket).not.toBe(ticket);
    expect((await appToken(standIn.url, webhook.pushes[1]!.ticket)).body['code']).toBe(0);
    expect(standIn.store.stats()).toMatchObject({ tickets_refused: 1 });
  });

  it("gives each tenant its own token, which sends to its own tenant's chats only", async () => {
    const webhook = await startWebhook();
    const standIn = await startStore(webhook.url);
    await waitUntil(() => webhook.pushes.length === 1);
    const app = (await appToken(standIn.url, webhook.pushes[0]!.ticket)).body['app_access_token'];
    expect((await tenantToken(standIn.url, 'a-unknown', 'tenant-a')).body).toMatchObject({
      code: FeishuCode.INVALID_APP_ACCESS_TOKEN,
    });
    const tokenA = String((await tenantToken(standIn.url, app, 'tenant-a')).body['tenant_access_token']);
    const tokenB = String((await tenantToken(standIn.url, app, 'tenant-b')).body['tenant_access_token']);
    expect(tokenA).not.toBe(tokenB);
    standIn.store.assignChat('oc_a', 'tenant-a');
    await postJson(`${standIn.url}/__stand-in/store/chats`, { chat_id: 'oc_b', tenant_key: 'tenant-b' });

    const chat = { receiveIdType: 'chat_id' };
    expect((await sendMessage(standIn.url, tokenA, textMessage('oc_a'), chat)).body['code']).toBe(0);
    const across = await sendMessage(standIn.url, tokenA, textMessage('oc_b'), chat);
    expect(across.status).toBe(400);
    expect(across.body['code']).toBe(FeishuCode.CROSS_TENANT);
    const delivered = await sendMessage(standIn.url, tokenB, textMessage('oc_b'), chat);
    expect(delivered.body['data']).toMatchObject({ sender: { tenant_key: 'tenant-b' } });

    expect(standIn.messages().map((message) => [message.receive_id, message.tenant_key])).toEqual([
      ['oc_a', 'tenant-a'],
      ['oc_b', 'tenant-b'],
    ]);
    const sends = standIn.requests().filter((record) => record.endpoint === 'messages');
    expect(sends.map((record) => [record.tenant_key, record.receive_id, record.code])).toEqual([
      ['tenant-a', 'oc_a', 0],
      ['tenant-a', 'oc_b', FeishuCode.CROSS_TENANT],
      ['tenant-b', 'oc_b', 0],
    ]);
    expect(standIn.store.stats().cross_tenant_refused).toBe(1);
  });

  it('limits each tenant on its own', async () => {
    const webhook = await startWebhook();
    // The fixed clock puts every send in the same second.
    const standIn = await startStore(webhook.url, true, { ratePerSecond: 2, now: () => NOW_MS });
    await waitUntil(() => webhook.pushes.length === 1);
    const ticket = webhook.pushes[0]?.ticket;
    const app = (await appToken(standIn.url, String(ticket))).body['app_access_token'];
    const codes: Record<string, unknown[]> = {};
    for (const tenant of ['tenant-a', 'tenant-b']) {
      const token = String((await tenantToken(standIn.url, app, tenant)).body['tenant_access_token']);
      codes[tenant] = [];
      for (let i = 0; i < 3; i++) {
        const answer = await sendMessage(standIn.url, token, textMessage(`ou_${tenant}_${i}`));
        codes[tenant].push(answer.body['code']);
      }
    }
    // Two per tenant pass, the third is throttled: one tenant's sends take none of the other's.
    expect(codes).toEqual({
      'tenant-a': [0, 0, FeishuCode.RATE_LIMITED],
      'tenant-b': [0, 0, FeishuCode.RATE_LIMITED],
    });
    expect(standIn.store.peaksOf(APP_ID, 'tenant-a').perSecond).toBe(2);
  });

  it('has none of these endpoints in self-built mode', async () => {
    const standIn = await startStandIn();
    expect((await resend(standIn.url)).status).toBe(404);
    expect((await appToken(standIn.url, 'any')).status).toBe(404);
  });
});
