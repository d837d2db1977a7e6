import { decryptEvent, deriveKey, verifySignature } from '@feishu-welcome/shared';
import { describe, expect, it } from 'vitest';
import { encryptedPush, plainPush } from './feishu-push.js';

const NOW_MS = 1_700_000_000_000;
const ENVELOPE = { uuid: 'e1', type: 'event_callback', event: { type: 'p2p_chat_create' } };

describe('encryptedPush', () => {
  it('encrypts the envelope and signs the exact body bytes, with the headers Feishu sends', () => {
    const push = encryptedPush(ENVELOPE, {
      encryptKey: 'test key',
      timestampS: NOW_MS / 1000,
      nonce: 'nonce',
    });

    const { encrypt } = JSON.parse(push.body) as { encrypt: string };
    expect(JSON.parse(decryptEvent(encrypt, deriveKey('test key')))).toEqual(ENVELOPE);
    expect(push.headers['x-lark-request-timestamp']).toBe('1700000000');
    expect(push.headers['x-lark-request-nonce']).toBe('nonce');
    const verdict = verifySignature(
      {
        timestamp: push.headers['x-lark-request-timestamp'],
        nonce: push.headers['x-lark-request-nonce'],
        signature: push.headers['x-lark-signature'],
        rawBody: Buffer.from(push.body),
      },
      'test key',
      NOW_MS,
    );
    expect(verdict).toEqual({ ok: true });
  });
});

describe('plainPush', () => {
  it('sends plaintext JSON, unsigned, as Feishu does when there is no Encrypt Key', () => {
    const push = plainPush(ENVELOPE);
    expect(JSON.parse(push.body)).toEqual(ENVELOPE);
    expect(Object.keys(push.headers)).toEqual(['content-type']);
  });
});
