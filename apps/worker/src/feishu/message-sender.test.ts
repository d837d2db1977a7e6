import { describe, expect, it } from 'vitest';
import { createMessageSender, type OutgoingMessage } from './message-sender.js';
import { TOKENS_READY } from './token-readiness.js';
import { DEFAULT_THROTTLE_WAIT_MS, MAX_THROTTLE_WAIT_MS } from './reply-failure.js';

const MESSAGE: OutgoingMessage = {
  receiveIdType: 'chat_id',
  receiveId: 'oc_1',
  msgType: 'text',
  content: '{"text":"hi"}',
  uuid: 'welcome-1',
  tenantKey: 'tenant-1',
};

interface FakeReply {
  readonly status?: number;
  /** An object is sent as JSON, a string as it is. */
  readonly body: Record<string, unknown> | string;
  readonly headers?: Record<string, string>;
}

const SENT: FakeReply = { status: 200, body: { code: 0, msg: 'success', data: { message_id: 'om_1' } } };

/** A sender over a scripted Feishu; `invalidated` lists the tokens it dropped. */
function senderFor(replies: FakeReply[]) {
  const seenTokens: string[] = [];
  const invalidated: string[] = [];
  let issued = 1;
  const sender = createMessageSender({
    baseUrl: 'http://feishu.test',
    timeoutMs: 1_000,
    tokens: {
      get: () => Promise.resolve(`t-${issued}`),
      invalidate: (_tenantKey, token) => {
        invalidated.push(token);
        issued++;
      },
      readiness: () => Promise.resolve(TOKENS_READY),
      checkAtStart: () => Promise.resolve('credentials-accepted'),
    },
    fetch: (_url, init) => {
      seenTokens.push(new Headers(init.headers).get('authorization') ?? '');
      const reply = replies.shift() ?? SENT;
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      return Promise.resolve(
        new Response(text, {
          status: reply.status ?? 200,
          headers: { 'x-tt-logid': 'log-7', ...reply.headers },
        }),
      );
    },
  });
  return { sender, seenTokens, invalidated };
}

describe('createMessageSender', () => {
  it('answers the message_id and log id of a sent message', async () => {
    const { sender } = senderFor([SENT]);
    expect(await sender.send(MESSAGE)).toEqual({ messageId: 'om_1', logId: 'log-7' });
  });

  it.each([
    [230099, 'permanent'],
    [230013, 'permanent'],
    [230020, 'transient'],
    [99991400, 'throttled'],
  ] as const)('fails an HTTP 200 reply with code %i as %s, never as sent', async (code, kind) => {
    const { sender } = senderFor([
      { status: 200, body: { code, msg: `msg ${code}`, data: { message_id: 'om_1' } } },
    ]);
    await expect(sender.send(MESSAGE)).rejects.toMatchObject({
      name: 'FeishuApiError',
      kind,
      code,
      httpStatus: 200,
      msg: `msg ${code}`,
      logId: 'log-7',
    });
  });

  it('fails a reply whose code is missing or not a number', async () => {
    for (const body of [
      { msg: 'ok', data: { message_id: 'om_1' } },
      { code: '0', data: { message_id: 'om_1' } },
    ]) {
      const { sender } = senderFor([{ status: 200, body }]);
      await expect(sender.send(MESSAGE)).rejects.toMatchObject({ name: 'FeishuApiError', code: undefined });
    }
  });

  it.each([
    [502, 'transient'],
    [503, 'transient'],
    [400, 'permanent'],
    [429, 'throttled'],
  ] as const)('classifies a reply that is not JSON (HTTP %i, a proxy page) as %s', async (status, kind) => {
    const { sender } = senderFor([{ status, body: '<html><body>502 Bad Gateway</body></html>' }]);
    await expect(sender.send(MESSAGE)).rejects.toMatchObject({
      name: 'FeishuApiError',
      kind,
      httpStatus: status,
      code: undefined,
      msg: 'reply was not JSON',
    });
  });

  it.each([
    ['an empty message_id', { code: 0, msg: 'success', data: { message_id: '' } }],
    ['no message_id', { code: 0, msg: 'success', data: {} }],
    ['no data', { code: 0, msg: 'success' }],
    ['a message_id that is not a string', { code: 0, msg: 'success', data: { message_id: 7 } }],
    ['a data that is null', { code: 0, msg: 'success', data: null }],
  ])('fails a success reply with %s as transient, so nothing is recorded as the welcome', async (_, body) => {
    const { sender } = senderFor([{ status: 200, body }]);
    await expect(sender.send(MESSAGE)).rejects.toMatchObject({
      name: 'FeishuApiError',
      kind: 'transient',
      httpStatus: 200,
      code: 0,
      msg: 'success reply without a message_id',
      logId: 'log-7',
    });
  });

  it('posts the message to Feishu’s send endpoint, addressed by the receive id type', async () => {
    const requests: Array<{ url: string; body: unknown }> = [];
    const sender = createMessageSender({
      baseUrl: 'http://feishu.test',
      timeoutMs: 1_000,
      tokens: {
        get: async () => 't-1',
        invalidate: () => undefined,
        readiness: () => Promise.resolve(TOKENS_READY),
        checkAtStart: () => Promise.resolve('credentials-accepted'),
      },
      fetch: async (url, init) => {
        requests.push({ url, body: JSON.parse(init.body as string) });
        return new Response(JSON.stringify(SENT.body));
      },
    });
    await sender.send({ ...MESSAGE, receiveIdType: 'open_id', receiveId: 'ou_1' });
    expect(requests).toEqual([
      {
        url: 'http://feishu.test/open-apis/im/v1/messages?receive_id_type=open_id',
        body: { receive_id: 'ou_1', msg_type: 'text', content: '{"text":"hi"}', uuid: 'welcome-1' },
      },
    ]);
  });

  describe('after a throttled reply', () => {
    const throttled = (headers: Record<string, string>): FakeReply => ({
      status: 429,
      body: { code: 99991400, msg: 'request trigger frequency limit' },
      headers,
    });

    it('waits the seconds of x-ogw-ratelimit-reset', async () => {
      const { sender } = senderFor([throttled({ 'x-ogw-ratelimit-reset': '3' })]);
      await expect(sender.send(MESSAGE)).rejects.toMatchObject({ kind: 'throttled', retryAfterMs: 3_000 });
    });

    it.each([
      ['missing', {}],
      ['empty', { 'x-ogw-ratelimit-reset': '' }],
      ['not a number', { 'x-ogw-ratelimit-reset': 'soon' }],
      ['zero', { 'x-ogw-ratelimit-reset': '0' }],
      ['negative', { 'x-ogw-ratelimit-reset': '-5' }],
    ])('waits one second when the header is %s', async (_, headers) => {
      const { sender } = senderFor([throttled(headers)]);
      await expect(sender.send(MESSAGE)).rejects.toMatchObject({
        kind: 'throttled',
        retryAfterMs: DEFAULT_THROTTLE_WAIT_MS,
      });
      expect(DEFAULT_THROTTLE_WAIT_MS).toBe(1_000);
    });

    it('waits at most a minute, whatever the header says', async () => {
      const { sender } = senderFor([throttled({ 'x-ogw-ratelimit-reset': '950400' })]);
      await expect(sender.send(MESSAGE)).rejects.toMatchObject({
        kind: 'throttled',
        retryAfterMs: MAX_THROTTLE_WAIT_MS,
      });
      expect(MAX_THROTTLE_WAIT_MS).toBe(60_000);
    });

    it('waits the full reset when it is exactly a minute', async () => {
      const { sender } = senderFor([throttled({ 'x-ogw-ratelimit-reset': '60' })]);
      await expect(sender.send(MESSAGE)).rejects.toMatchObject({ retryAfterMs: 60_000 });
    });
  });

  it('drops a refused token and sends once more with a fresh one', async () => {
    const { sender, seenTokens, invalidated } = senderFor([
      { status: 400, body: { code: 99991663, msg: 'invalid access token' } },
      SENT,
    ]);
    expect(await sender.send(MESSAGE)).toMatchObject({ messageId: 'om_1' });
    expect(invalidated).toEqual(['t-1']);
    expect(seenTokens).toEqual(['Bearer t-1', 'Bearer t-2']);
  });

  it('gives up when the fresh token is refused too', async () => {
    const refused: FakeReply = { status: 400, body: { code: 99991663, msg: 'invalid access token' } };
    const { sender, seenTokens } = senderFor([refused, refused, SENT]);
    await expect(sender.send(MESSAGE)).rejects.toMatchObject({ kind: 'token', code: 99991663 });
    expect(seenTokens).toHaveLength(2);
  });
});
