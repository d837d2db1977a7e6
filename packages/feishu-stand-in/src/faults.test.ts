import { afterEach, describe, expect, it } from 'vitest';
import {
  OPEN_ID,
  closeStandIns,
  fetchToken,
  messageIdOf,
  requestToken,
  sendMessage,
  startStandIn,
  textMessage,
} from '../test/stand-in-client.js';

afterEach(closeStandIns);

async function standInWithToken() {
  const standIn = await startStandIn();
  return { standIn, token: await fetchToken(standIn.url) };
}

describe('scripted faults', () => {
  it('answers 503 to the next two sends and then delivers', async () => {
    const { standIn, token } = await standInWithToken();
    standIn.addFault({ kind: 'http-error', status: 503, times: 2 });

    const statuses = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await sendMessage(standIn.url, token, textMessage())).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(standIn.stats()).toMatchObject({ faulted: 2, delivered: 1 });
    expect(standIn.faults()).toEqual([]);
  });

  it('fails only the sends to the receive_id a fault names', async () => {
    const { standIn, token } = await standInWithToken();
    standIn.addFault({ kind: 'http-error', status: 500, receive_id: 'ou_unlucky' });

    expect((await sendMessage(standIn.url, token, textMessage('ou_lucky'))).status).toBe(200);
    expect((await sendMessage(standIn.url, token, textMessage('ou_unlucky'))).status).toBe(500);
    expect(standIn.messages().map((m) => m.receive_id)).toEqual(['ou_lucky']);
  });

  it('answers 230053 to a receiver who stopped the bot, every time, while others get through', async () => {
    const { standIn, token } = await standInWithToken();
    standIn.addFault({ kind: 'feishu-error', code: 230053, receive_id: 'ou_stopped' });

    for (let i = 0; i < 3; i += 1) {
      const answer = await sendMessage(standIn.url, token, textMessage('ou_stopped'));
      expect([answer.status, answer.body]).toEqual([
        400,
        { code: 230053, msg: 'The user has stopped the bot' },
      ]);
    }
    expect((await sendMessage(standIn.url, token, textMessage('ou_fine'))).status).toBe(200);
    expect(standIn.stats()).toMatchObject({ faulted: 3, delivered: 1 });
  });

  it('answers a retryable code with the given status for the next sends only', async () => {
    const { standIn, token } = await standInWithToken();
    standIn.addFault({ kind: 'feishu-error', code: 230020, msg: 'slow down', http_status: 400, times: 1 });

    expect((await sendMessage(standIn.url, token, textMessage())).body).toEqual({
      code: 230020,
      msg: 'slow down',
    });
    expect((await sendMessage(standIn.url, token, textMessage())).body).toMatchObject({ code: 0 });
  });

  it('throttles the next sends with 429 / 99991400 and the reset it was given', async () => {
    const { standIn, token } = await standInWithToken();
    standIn.addFault({ kind: 'throttle', reset_seconds: 7, times: 1 });
    const answer = await sendMessage(standIn.url, token, textMessage());

    expect([answer.status, answer.body['code']]).toEqual([429, 99991400]);
    expect(answer.headers.get('x-ogw-ratelimit-reset')).toBe('7');
    expect(answer.headers.get('x-ogw-ratelimit-limit')).toBe('50');
    expect(standIn.stats()).toMatchObject({ faulted: 1, throttled: 0, delivered: 0 });
  });

  it('holds a send without ever answering and delivers nothing', async () => {
    const { standIn, token } = await standInWithToken();
    const fault = standIn.addFault({ kind: 'hang', times: 1 });
    const held = sendMessage(standIn.url, token, textMessage(), {
      init: { signal: AbortSignal.timeout(200) },
    });

    await expect(held).rejects.toThrow();
    expect(standIn.messages()).toEqual([]);
    expect(standIn.requests().at(-1)).toMatchObject({
      outcome: 'faulted',
      http_status: null,
      fault_id: fault.id,
    });
    expect((await sendMessage(standIn.url, token, textMessage())).status).toBe(200);
  });

  it('closes promptly while a send is still held, dropping its connection', async () => {
    const { standIn, token } = await standInWithToken();
    standIn.addFault({ kind: 'hang' });
    const held = sendMessage(standIn.url, token, textMessage());
    await expect.poll(() => standIn.stats().faulted).toBe(1);

    await standIn.close();
    await expect(held).rejects.toThrow();
  });

  it('answers a held send normally after delay_ms', async () => {
    const { standIn, token } = await standInWithToken();
    standIn.addFault({ kind: 'hang', delay_ms: 50, times: 1 });
    const answer = await sendMessage(standIn.url, token, textMessage());

    expect(answer.body).toMatchObject({ code: 0 });
    expect(standIn.stats()).toMatchObject({ faulted: 1, delivered: 1 });
    expect(standIn.requests().at(-1)).toMatchObject({ outcome: 'delivered', http_status: 200 });
  });

  it('can deliver and then lose the answer, so a resend with the same uuid gets the first message_id', async () => {
    const { standIn, token } = await standInWithToken();
    standIn.addFault({ kind: 'http-error', status: 504, deliver: true, times: 1 });
    standIn.addFault({ kind: 'hang', deliver: true, times: 1 });
    const body = textMessage(OPEN_ID, 'Welcome!', 'p2p-ev-9');

    expect((await sendMessage(standIn.url, token, body)).status).toBe(504);
    await expect(
      sendMessage(standIn.url, token, body, { init: { signal: AbortSignal.timeout(200) } }),
    ).rejects.toThrow();
    const resent = await sendMessage(standIn.url, token, body);

    expect(messageIdOf(resent)).toBe(standIn.messages()[0]?.message_id);
    expect(standIn.stats()).toMatchObject({ faulted: 2, delivered: 1, deduplicated: 2 });
  });

  it('fails the token endpoint when a fault targets it', async () => {
    const standIn = await startStandIn();
    standIn.addFault({ kind: 'http-error', endpoint: 'token', status: 502, times: 1 });
    standIn.addFault({ kind: 'feishu-error', endpoint: 'token', code: 10014, http_status: 200, times: 1 });

    expect((await requestToken(standIn.url)).status).toBe(502);
    expect((await requestToken(standIn.url)).body).toMatchObject({ code: 10014 });
    expect((await requestToken(standIn.url)).body).toMatchObject({ code: 0 });
    expect(standIn.stats()).toMatchObject({ token_requests: 3, tokens_issued: 1, faulted: 2 });
  });
});
