import { afterEach, describe, expect, it } from 'vitest';
import {
  APP_ID,
  NOW_MS,
  OPEN_ID,
  closeStandIns,
  fetchToken,
  postJson,
  request,
  sendMessage,
  startStandIn,
  textMessage,
} from '../test/stand-in-client.js';

afterEach(closeStandIns);

const LOG_ID = /^\d{14}[0-9A-F]{20}$/;

describe('POST /open-apis/im/v1/messages', () => {
  it("delivers a text message and answers with Feishu's success body", async () => {
    const standIn = await startStandIn({ tenantKey: '2ca1d211f64f6438' });
    const token = await fetchToken(standIn.url);
    const answer = await sendMessage(standIn.url, token, textMessage(OPEN_ID, 'Welcome aboard!', 'p2p-ev-1'));

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      code: 0,
      msg: 'success',
      data: {
        message_id: expect.stringMatching(/^om_[0-9a-f]{32}$/) as unknown,
        chat_id: expect.stringMatching(/^oc_[0-9a-f]{32}$/) as unknown,
        msg_type: 'text',
        create_time: String(NOW_MS),
        update_time: String(NOW_MS),
        deleted: false,
        updated: false,
        sender: { id: APP_ID, id_type: 'app_id', sender_type: 'app', tenant_key: '2ca1d211f64f6438' },
        body: { content: '{"text":"Welcome aboard!"}' },
      },
    });
    expect(standIn.messages()).toEqual([
      {
        message_id: (answer.body['data'] as { message_id: string }).message_id,
        receive_id: OPEN_ID,
        receive_id_type: 'open_id',
        chat_id: (answer.body['data'] as { chat_id: string }).chat_id,
        app_id: APP_ID,
        msg_type: 'text',
        content: { text: 'Welcome aboard!' },
        content_raw: '{"text":"Welcome aboard!"}',
        uuid: 'p2p-ev-1',
        received_at: NOW_MS,
        tenant_key: '2ca1d211f64f6438',
      },
    ]);
  });

  it('answers with the receive_id as chat_id when sending to a chat', async () => {
    const standIn = await startStandIn();
    const token = await fetchToken(standIn.url);
    const chatId = 'oc_84983ff6516d731e5b5f68d4ea2e1da5';
    const answer = await sendMessage(standIn.url, token, textMessage(chatId), { receiveIdType: 'chat_id' });

    expect(answer.body).toMatchObject({ code: 0, data: { chat_id: chatId } });
  });

  it('puts a fresh X-Tt-Logid on every answer, errors and control reads included', async () => {
    const standIn = await startStandIn();
    const token = await fetchToken(standIn.url);
    const answers = [
      await sendMessage(standIn.url, token, textMessage()),
      await sendMessage(standIn.url, 't-unknown', textMessage()),
      await request(`${standIn.url}/__stand-in/stats`),
      await request(`${standIn.url}/open-apis/nowhere`),
    ];
    const logIds = answers.map((answer) => answer.headers.get('x-tt-logid'));

    for (const logId of logIds) expect(logId).toMatch(LOG_ID);
    expect(new Set(logIds).size).toBe(logIds.length);
    // The request log keeps the log id of every Open API request: the token request, then the two sends.
    expect(
      standIn
        .requests()
        .map((r) => r.log_id)
        .slice(1),
    ).toEqual(logIds.slice(0, 2));
  });

  it.each([
    ['an unknown receive_id_type', textMessage(), 'phone'],
    ['a missing receive_id', { msg_type: 'text', content: '{"text":"hi"}' }, 'open_id'],
    ['an unknown msg_type', { ...textMessage(), msg_type: 'video' }, 'open_id'],
    ['content sent as an object', { ...textMessage(), content: { text: 'hi' } }, 'open_id'],
    ['content that is not JSON', { ...textMessage(), content: 'hi' }, 'open_id'],
    ['text content without text', { ...textMessage(), content: '{"title":"hi"}' }, 'open_id'],
    ['a post without a locale', { ...textMessage(), msg_type: 'post', content: '{"content":[]}' }, 'open_id'],
    [
      'a template without template_id',
      { ...textMessage(), msg_type: 'interactive', content: '{"type":"template"}' },
      'open_id',
    ],
    ['a uuid over 50 characters', textMessage(OPEN_ID, 'hi', 'u'.repeat(51)), 'open_id'],
  ])('answers 400 / 230001 to %s and delivers nothing', async (_case, body, receiveIdType) => {
    const standIn = await startStandIn();
    const token = await fetchToken(standIn.url);
    const answer = await sendMessage(standIn.url, token, body, { receiveIdType });

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: 230001, msg: expect.stringContaining('invalid') as unknown });
    expect(standIn.messages()).toEqual([]);
    expect(standIn.stats()).toMatchObject({ requests: 1, rejected: 1, accepted: 0 });
  });

  it('answers 400 / 230025 to text over 150 KB and to a card over 30 KB', async () => {
    const standIn = await startStandIn();
    const token = await fetchToken(standIn.url);
    const longText = textMessage(OPEN_ID, 'x'.repeat(150 * 1024));
    const longCard = {
      receive_id: OPEN_ID,
      msg_type: 'interactive',
      content: JSON.stringify({ elements: ['x'.repeat(30 * 1024)] }),
    };

    for (const body of [longText, longCard]) {
      const answer = await sendMessage(standIn.url, token, body);
      expect([answer.status, answer.body['code']]).toEqual([400, 230025]);
    }
  });

  it('answers 400 / 230001 to a malformed JSON body or one sent without a JSON content type', async () => {
    const standIn = await startStandIn();
    const token = await fetchToken(standIn.url);
    const url = `${standIn.url}/open-apis/im/v1/messages?receive_id_type=open_id`;

    const malformed = await postJson(url, '{"receive_id": ', { authorization: `Bearer ${token}` });
    expect([malformed.status, malformed.body['code']]).toEqual([400, 230001]);
    const plain = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      body: JSON.stringify(textMessage()),
    });
    expect([plain.status, plain.body['code']]).toEqual([400, 230001]);
    const badToken = await postJson(`${standIn.url}/open-apis/auth/v3/tenant_access_token/internal`, '{oops');
    expect([badToken.status, badToken.body['code']]).toEqual([400, 230001]);
  });

  it('answers 404 {code: 404} to unknown routes, never an HTML page', async () => {
    const standIn = await startStandIn();
    for (const path of ['/open-apis/im/v1/chats', '/open-apis/im/v1/messages', '/elsewhere']) {
      const answer = await request(`${standIn.url}${path}`);
      expect([answer.status, answer.body]).toEqual([404, { code: 404, msg: 'not found' }]);
    }
  });
});
