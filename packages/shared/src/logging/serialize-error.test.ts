import { startOwnedRedis, type RedisHandle } from '@feishu-welcome/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeError } from './serialize-error.js';

const WRONG_PASSWORD = 'Wr0ng-but-real-looking-Pa55';

/** The first error a client logging in with `url` emits, as a process's connection would. */
async function connectionErrorFor(url: string): Promise<unknown> {
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  const emitted = new Promise<unknown>((resolve) => client.once('error', resolve));
  await client.connect().catch(() => undefined);
  client.disconnect();
  return await emitted;
}

describe('serializeError on what Redis answers', () => {
  let redis: RedisHandle;
  let wrongUrl: string;
  beforeAll(async () => {
    redis = await startOwnedRedis({ requirePass: 'the-right-password' });
    wrongUrl = redis.url.replace(/\/\/[^@]*@/, `//:${WRONG_PASSWORD}@`);
  });
  afterAll(async () => {
    await redis.dispose();
  });

  it('keeps the reply and the command name of a refused AUTH, never its argument', async () => {
    const error = await connectionErrorFor(wrongUrl);
    // The net under the serializer: ioredis really does carry the password on the error.
    expect(JSON.stringify((error as { command?: unknown }).command)).toContain(WRONG_PASSWORD);

    const serialized = serializeError(error);
    expect(serialized).toMatchObject({ type: 'ReplyError', command: 'auth' });
    expect(serialized.message).toMatch(/^WRONGPASS/);
    expect(JSON.stringify(serialized)).not.toContain(WRONG_PASSWORD);
  });

  it('keeps the reply of a command refused for want of a password', async () => {
    const serialized = serializeError(await connectionErrorFor(redis.url.replace(/\/\/[^@]*@/, '//')));
    expect(serialized.message).toMatch(/^NOAUTH/);
    expect(serialized.command).toBeDefined();
  });
});

describe('serializeError', () => {
  it('strips the user and password of every URL in the message and the stack', () => {
    const error = new Error(
      'cannot reach redis://admin:p@ss/w0rd@redis.internal:6379/0 nor https://u:v@x.test/',
    );
    const serialized = serializeError(error);
    for (const text of [serialized.message, serialized.stack ?? '']) {
      expect(text).toContain('redis://[redacted]@redis.internal:6379/0');
      expect(text).toContain('https://[redacted]@x.test/');
      expect(text).not.toMatch(/admin|p@ss|w0rd|u:v/);
    }
  });

  it('strips Basic and Bearer credentials quoted in a message', () => {
    const { message } = serializeError(
      new Error('sent Authorization: Bearer t-abc.DEF_123 and Basic b3BzOnB3'),
    );
    expect(message).toBe('sent Authorization: Bearer [redacted] and Basic [redacted]');
  });

  it("keeps a fetch failure's cause chain, and none of the request or response it carries", () => {
    const socket = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
      errno: -111,
      syscall: 'connect',
      address: '127.0.0.1',
      port: 9,
    });
    const httpError = Object.assign(new Error('Response status code 502: Bad Gateway'), {
      statusCode: 502,
      headers: { 'set-cookie': 'session=secret-cookie', authorization: 'Bearer secret-token' },
      body: { app_secret: 'secret-body' },
      options: { url: 'https://open.feishu.cn/x', headers: { authorization: 'Bearer secret-token' } },
    });
    const fetchFailed = new TypeError('fetch failed', { cause: new AggregateError([socket, httpError]) });

    const serialized = serializeError(fetchFailed);
    expect(serialized).toMatchObject({
      type: 'TypeError',
      message: 'fetch failed',
      cause: {
        type: 'AggregateError',
        errors: [
          { code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.1', port: 9 },
          { message: 'Response status code 502: Bad Gateway', status: 502 },
        ],
      },
    });
    expect(JSON.stringify(serialized)).not.toMatch(/secret|set-cookie|options|headers/);
  });

  it('stops at a cycle of causes', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(JSON.stringify(serializeError(a))).toMatch(/"message":"a"/);
  });

  it('describes thrown values that are not errors without copying objects', () => {
    expect(serializeError('redis://:pw@host down')).toEqual({
      type: 'string',
      message: 'redis://[redacted]@host down',
    });
    expect(serializeError({ password: 'pw' })).toEqual({ type: 'Object', message: '(not an Error)' });
    expect(serializeError(undefined)).toEqual({ type: 'undefined', message: 'undefined' });
  });
});
