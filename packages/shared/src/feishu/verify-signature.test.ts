import { describe, expect, it } from 'vitest';
import { computeSignature } from './compute-signature.js';
import { verifySignature } from './verify-signature.js';

// Computed with the formula of https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
// over the official encryption vector's body.
const KEY = 'test key';
const BODY = Buffer.from('{"encrypt":"P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="}');
const SIGNATURE = '20f0b32d8b1a0744b1608bcfcf23584190cd720f9bd706adde9047c85ffb47ee';
const NOW_MS = 1_700_000_000_000;
const signed = { timestamp: '1700000000', nonce: 'nonce', signature: SIGNATURE, rawBody: BODY };

describe('computeSignature', () => {
  it('matches the protocol vector', () => {
    expect(computeSignature('1700000000', 'nonce', KEY, BODY)).toBe(SIGNATURE);
  });
});

describe('verifySignature', () => {
  it('accepts the protocol vector at its own time', () => {
    expect(verifySignature(signed, KEY, NOW_MS)).toEqual({ ok: true });
  });

  it('accepts the signature in upper-case hex', () => {
    expect(verifySignature({ ...signed, signature: SIGNATURE.toUpperCase() }, KEY, NOW_MS)).toEqual({
      ok: true,
    });
  });

  it('rejects a body whose signature does not match', () => {
    const tampered = Buffer.from(BODY.toString().replace('P37w', 'P37x'));
    expect(verifySignature({ ...signed, rawBody: tampered }, KEY, NOW_MS)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a re-serialised body even when it means the same JSON', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 1));
    expect(verifySignature({ ...signed, rawBody: reserialised }, KEY, NOW_MS).ok).toBe(false);
  });

  it('rejects a signature made with another key', () => {
    expect(verifySignature(signed, 'other key', NOW_MS)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a changed nonce or a truncated signature', () => {
    expect(verifySignature({ ...signed, nonce: 'nonce2' }, KEY, NOW_MS).ok).toBe(false);
    expect(verifySignature({ ...signed, signature: SIGNATURE.slice(0, 40) }, KEY, NOW_MS).ok).toBe(false);
  });

  it('accepts a timestamp five minutes old or ahead, and no more', () => {
    const fiveMinMs = 5 * 60 * 1000;
    expect(verifySignature(signed, KEY, NOW_MS + fiveMinMs).ok).toBe(true);
    expect(verifySignature(signed, KEY, NOW_MS - fiveMinMs).ok).toBe(true);
    expect(verifySignature(signed, KEY, NOW_MS + fiveMinMs + 1000)).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
    expect(verifySignature(signed, KEY, NOW_MS - fiveMinMs - 1000)).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
  });

  it('rejects a timestamp that is not a number of seconds', () => {
    expect(verifySignature({ ...signed, timestamp: '17e8' }, KEY, NOW_MS)).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
  });

  it('reports missing headers as missing, not as a bad signature', () => {
    expect(verifySignature({ ...signed, signature: undefined }, KEY, NOW_MS)).toEqual({
      ok: false,
      reason: 'missing-signature',
    });
    const missing = { ok: false, reason: 'missing-signature' };
    expect(verifySignature({ ...signed, timestamp: undefined }, KEY, NOW_MS)).toEqual(missing);
    expect(verifySignature({ ...signed, timestamp: '' }, KEY, NOW_MS)).toEqual(missing);
    expect(verifySignature({ ...signed, nonce: undefined }, KEY, NOW_MS)).toEqual(missing);
    expect(verifySignature({ ...signed, signature: '' }, KEY, NOW_MS)).toEqual(missing);
  });

  it('accepts an empty nonce when the signature covers it', () => {
    const signature = computeSignature('1700000000', '', KEY, BODY);
    expect(verifySignature({ ...signed, nonce: '', signature }, KEY, NOW_MS)).toEqual({ ok: true });
  });
});
