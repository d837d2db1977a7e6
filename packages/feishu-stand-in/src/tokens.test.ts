import { afterEach, describe, expect, it } from 'vitest';
import {
  APP_ID,
  APP_SECRET,
  closeStandIns,
  fakeClock,
  fetchToken,
  requestToken,
  sendMessage,
  startStandIn,
  textMessage,
} from '../test/stand-in-client.js';
import { FeishuCode, INVALID_ACCESS_TOKEN_MSG } from './feishu-codes.js';

afterEach(closeStandIns);

const INVALID_TOKEN = { code: FeishuCode.INVALID_ACCESS_TOKEN, msg: INVALID_ACCESS_TOKEN_MSG };

describe('tenant_access_token/internal', () => {
  it('issues a t- token with the configured lifetime for the configured credentials', async () => {
    const standIn = await startStandIn({ tokenTtlSeconds: 3_600 });
    const answer = await requestToken(standIn.url);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      code: 0,
      msg: 'ok',
      tenant_access_token: expect.stringMatching(/^t-\w{20,}$/) as unknown,
      expire: 3_600,
    });
    expect(standIn.stats()).toMatchObject({ token_requests: 1, tokens_issued: 1 });
  });

  it('answers 10014 with HTTP 200 to a wrong secret or app id, and 10003 to missing parameters', async () => {
    const standIn = await startStandIn();

    const wrongSecret = await requestToken(standIn.url, { app_id: APP_ID, app_secret: 'guess' });
    expect([wrongSecret.status, wrongSecret.body]).toEqual([200, { code: 10014, msg: 'app secret invalid' }]);
    const wrongApp = await requestToken(standIn.url, { app_id: 'cli_other', app_secret: APP_SECRET });
    expect(wrongApp.body).toMatchObject({ code: 10014 });
    const missing = await requestToken(standIn.url, { app_id: APP_ID });
    expect([missing.status, missing.body['code']]).toEqual([200, 10003]);
    expect(standIn.stats()).toMatchObject({ token_requests: 3, tokens_issued: 0, token_rejected: 3 });
  });

  it('issues tokens to any credentials in sandbox mode and sends as that app', async () => {
    const standIn = await startStandIn({ appId: undefined, appSecret: undefined });
    const answer = await requestToken(standIn.url, { app_id: 'cli_anything', app_secret: 'whatever' });
    const token = String(answer.body['tenant_access_token']);

    const sent = await sendMessage(standIn.url, token, textMessage());
    expect(sent.body).toMatchObject({ code: 0, data: { sender: { id: 'cli_anything', id_type: 'app_id' } } });
  });

  it('hands back the same token while it has 30 minutes or more to live, and a new one after', async () => {
    const clock = fakeClock();
    const standIn = await startStandIn({ now: clock.now });
    const first = await requestToken(standIn.url);

    clock.advance(90 * 60 * 1000);
    const again = await requestToken(standIn.url);
    expect(again.body).toMatchObject({
      tenant_access_token: first.body['tenant_access_token'],
      expire: 1_800,
    });

    clock.advance(1_000);
    const renewed = await requestToken(standIn.url);
    expect(renewed.body['tenant_access_token']).not.toBe(first.body['tenant_access_token']);
    expect(renewed.body['expire']).toBe(7_200);
    // The old token stays valid until it expires.
    expect(
      (await sendMessage(standIn.url, String(first.body['tenant_access_token']), textMessage())).status,
    ).toBe(200);
    expect(standIn.stats()).toMatchObject({ token_requests: 3, tokens_issued: 2 });
  });
});

describe('tokens on im/v1/messages', () => {
  it('refuses a send without a token, with a malformed header or with an unknown token', async () => {
    const standIn = await startStandIn();
    const url = `${standIn.url}/open-apis/im/v1/messages?receive_id_type=open_id`;
    const body = JSON.stringify(textMessage());
    const headers = { 'content-type': 'application/json' };

    for (const authorization of [undefined, 'Basic abc', 'Bearer t-not-issued']) {
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: authorization === undefined ? headers : { ...headers, authorization },
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(INVALID_TOKEN);
    }
    expect(standIn.stats()).toMatchObject({ requests: 3, rejected: 3, delivered: 0 });
  });

  it('refuses a token with 99991663 once its lifetime has passed on the stand-in clock', async () => {
    const clock = fakeClock();
    const standIn = await startStandIn({ now: clock.now, tokenTtlSeconds: 60 });
    const token = await fetchToken(standIn.url);

    clock.advance(59_999);
    expect((await sendMessage(standIn.url, token, textMessage())).status).toBe(200);
    clock.advance(1);
    const expired = await sendMessage(standIn.url, token, textMessage());
    expect([expired.status, expired.body]).toEqual([400, INVALID_TOKEN]);
  });

  it('refuses every earlier token with 99991663 after expireTokens() and accepts a new one', async () => {
    const standIn = await startStandIn();
    const old = await fetchToken(standIn.url);

    expect(standIn.expireTokens()).toBe(1);
    expect((await sendMessage(standIn.url, old, textMessage())).body).toEqual(INVALID_TOKEN);

    const fresh = await fetchToken(standIn.url);
    expect(fresh).not.toBe(old);
    expect((await sendMessage(standIn.url, fresh, textMessage())).body).toMatchObject({ code: 0 });
  });
});
