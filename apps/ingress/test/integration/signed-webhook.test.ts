import {
  TEST_APP,
  encryptedPush,
  makeUser,
  p2pChatCreate,
  plainPush,
  signedPush,
  urlVerification,
} from '@feishu-welcome/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startIngress, type RunningIngress } from './start-ingress.js';

const redisUrl = inject('redisUrl');
const nowS = () => Math.floor(Date.now() / 1000);

describe('POST /webhook/event with an Encrypt Key', () => {
  let ingress: RunningIngress;
  beforeAll(async () => {
    ingress = await startIngress({ redisUrl, encrypted: true, appId: TEST_APP.appId });
  });
  afterAll(async () => {
    await ingress.close();
  });

  const event = () => p2pChatCreate(makeUser());

  it.each([
    [
      'a body whose signature does not match',
      () => {
        const push = encryptedPush(event());
        return { ...push, body: push.body.replace('"}', 'A"}') };
      },
      401,
    ],
    [
      'a signature made with another key',
      () => {
        const good = encryptedPush(event());
        const other = encryptedPush(event(), { encryptKey: 'other key' });
        return {
          ...good,
          headers: { ...good.headers, 'x-lark-signature': other.headers['x-lark-signature'] ?? '' },
        };
      },
      401,
    ],
    ['a timestamp six minutes old', () => encryptedPush(event(), { timestampS: nowS() - 360 }), 401],
    ['a timestamp six minutes ahead', () => encryptedPush(event(), { timestampS: nowS() + 360 }), 401],
    ['an event without signature headers', () => encryptedPush(event(), { signed: false }), 401],
    [
      'an event encrypted and signed with another key',
      () => encryptedPush(event(), { encryptKey: 'other key' }),
      401,
    ],
    ['a plaintext event', () => plainPush(event()), 400],
    [
      'a truncated ciphertext',
      () => {
        const encrypt = (JSON.parse(encryptedPush(event()).body) as { encrypt: string }).encrypt;
        return signedPush(JSON.stringify({ encrypt: encrypt.slice(0, -8) }));
      },
      400,
    ],
    ['a ciphertext that is not base64', () => signedPush(JSON.stringify({ encrypt: '%%%' })), 400],
    ['an encrypt value that is not a string', () => signedPush(JSON.stringify({ encrypt: 7 })), 400],
    ['a signed body that is not JSON', () => signedPush('{"encrypt":'), 400],
    ['an encrypted body that is no envelope', () => encryptedPush({ hello: 'world' }), 400],
    [
      'an event for another app',
      () => encryptedPush(p2pChatCreate(makeUser(), { appId: 'cli_other0000000000' })),
      401,
    ],
  ])('answers %s with %i and enqueues nothing', async (_what, makePush, status) => {
    const res = await ingress.post(makePush());
    expect(res.status).toBe(status);
    expect(await ingress.jobCount()).toBe(0);
  });

  it('answers an unsigned URL verification, the one push Feishu does not sign', async () => {
    const res = await ingress.post(encryptedPush(urlVerification('c-1'), { signed: false }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'c-1' });
  });

  it('accepts a signed, encrypted event for its own app', async () => {
    const payload = event();
    expect((await ingress.post(encryptedPush(payload))).status).toBe(200);
    expect(await ingress.hasJobFor(payload['uuid'] as string)).toBe(true);
    await ingress.queue.drain();
  });
});

describe('POST /webhook/event without an Encrypt Key', () => {
  it('answers 400 to an encrypted body it has no key for', async () => {
    const ingress = await startIngress({ redisUrl, encrypted: false });
    try {
      const res = await ingress.post(encryptedPush(p2pChatCreate(makeUser())));
      expect(res.status).toBe(400);
      expect(await ingress.jobCount()).toBe(0);
    } finally {
      await ingress.close();
    }
  });
});
