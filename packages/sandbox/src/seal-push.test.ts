import { decryptEvent, deriveKey, verifySignature } from '@feishu-welcome/shared';
import { describe, expect, it } from 'vitest';
import { sealPush } from './seal-push.js';

const NOW_MS = 1_700_000_000_000;
const ENVELOPE = { uuid: 'e1', type: 'event_callback', event: { type: 'p2p_chat_create' } };

describe('sealPush', () => {
  it('encrypts the envelope and signs the exact body bytes, with the headers Feishu sends', () => {
    const push = sealPush(ENVELOPE, { encryptKey: 'test key', nowMs: NOW_MS, nonce: 'nonce' });

    const { encrypt } = JSON.parse(push.body) as { encrypt: string };
    expect(JSON.parse(decryptEvent(encrypt, deriveKey('test key')))).toEqual(ENVELOPE);
    expect(push.headers['X-Lark-Request-Timestamp']).toBe('1700000000');
    expect(push.headers['X-Lark-Request-Nonce']).toBe('nonce');
    const verdict = verifySignature(
      {
        timestamp: push.headers['X-Lark-Request-Timestamp'],
        nonce: push.headers['X-Lark-Request-Nonce'],
        signature: push.headers['X-Lark-Signature'],
        rawBody: Buffer.from(push.body),
      },
      'test key',
      NOW_MS,
    );
    expect(verdict).toEqual({ ok: true });
  });

  it('sends plaintext JSON, unsigned, when there is no Encrypt Key', () => {
    const push = sealPush(ENVELOPE, { encryptKey: undefined, nowMs: NOW_MS, nonce: 'nonce' });
    expect(JSON.parse(push.body)).toEqual(ENVELOPE);
    expect(Object.keys(push.headers)).toEqual(['content-type']);
  });
});
