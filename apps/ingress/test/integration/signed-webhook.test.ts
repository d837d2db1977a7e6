import { deriveKey, encryptEvent } from '@feishu-welcome/shared';
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
      'bad-signature',
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
      'bad-signature',
    ],
    [
      'a timestamp six minutes old',
      () => encryptedPush(event(), { timestampS: nowS() - 360 }),
      401,
      'stale-timestamp',
    ],
    [
      'a timestamp six minutes ahead',
      () => encryptedPush(event(), { timestampS: nowS() + 360 }),
      401,
      'stale-timestamp',
    ],
    [
      'an event without signature headers',
      () => encryptedPush(event(), { signed: false }),
      401,
      'missing-signature',
    ],
    [
      'an event encrypted and signed with another key',
      () => encryptedPush(event(), { encryptKey: 'other key' }),
      401,
      'bad-signature',
    ],
    ['a plaintext event', () => plainPush(event()), 400, 'not-encrypted'],
    [
      'a truncated ciphertext',
      () => {
        const encrypt = (JSON.parse(encryptedPush(event()).body) as { encrypt: string }).encrypt;
        return signedPush(JSON.stringify({ encrypt: encrypt.slice(0, -8) }));
      },
      400,
      'undecryptable',
    ],
    [
      'a ciphertext that is not base64',
      () => signedPush(JSON.stringify({ encrypt: '%%%' })),
      400,
      'undecryptable',
    ],
    [
      'an encrypt value that is not a string',
      () => signedPush(JSON.stringify({ encrypt: 7 })),
      400,
      'not-encrypted',
    ],
    ['a signed body that is not JSON', () => signedPush('{"encrypt":'), 400, 'malformed-json'],
    [
      'an encrypted body that is no envelope',
      () => encryptedPush({ hello: 'world' }),
      400,
      'unknown-envelope',
    ],
    [
      'an event for another app',
      () => encryptedPush(p2pChatCreate(makeUser(), { appId: 'cli_other0000000000' })),
      401,
      'wrong-app',
    ],
    ['a JSON null', () => signedPush('null'), 400, 'not-encrypted'],
    ['an encrypted JSON null', () => encryptedPush(null), 400, 'unknown-envelope'],
  ])('answers %s with %i (%s) and enqueues nothing', async (_what, makePush, status, reason) => {
    const res = await ingress.post(makePush());
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: reason });
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

  it('refuses a push nested 100,000 levels deep alone, and stores the 200 pushed with it', async () => {
    const depth = 100_000;
    const plaintext = JSON.stringify(event()).replace(
      '"event":{',
      `"event":{"deep":${'['.repeat(depth)}1${']'.repeat(depth)},`,
    );
    const deep = signedPush(
      JSON.stringify({ encrypt: encryptEvent(plaintext, deriveKey(TEST_APP.encryptKey)) }),
    );
    const good = Array.from({ length: 200 }, event);
    const pushes = good.map((payload) => encryptedPush(payload));
    const answers = await Promise.all(
      [...pushes.slice(0, 100), deep, ...pushes.slice(100)].map(ingress.post),
    );
    const [refused] = answers.splice(100, 1);
    expect(answers.map((res) => res.status)).toEqual(good.map(() => 200));
    expect(refused?.status).toBe(400);
    expect(await refused?.json()).toEqual({ error: 'unstorable' });
    expect(await ingress.jobCount()).toBe(200);
    const storedIds = await Promise.all(good.map((payload) => ingress.hasJobFor(payload['uuid'] as string)));
    expect(storedIds.every(Boolean)).toBe(true);
    await ingress.queue.drain();
  });
});

describe('POST /webhook/event without an Encrypt Key', () => {
  it('answers 400 to an encrypted body it has no key for', async () => {
    const ingress = await startIngress({ redisUrl, encrypted: false });
    try {
      const res = await ingress.post(encryptedPush(p2pChatCreate(makeUser())));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'encrypted-without-key' });
      expect(await ingress.jobCount()).toBe(0);
    } finally {
      await ingress.close();
    }
  });
});
