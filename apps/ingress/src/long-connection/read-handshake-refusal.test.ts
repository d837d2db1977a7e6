import { describe, expect, it } from 'vitest';
import { readHandshakeRefusal } from './read-handshake-refusal.js';

describe('readHandshakeRefusal', () => {
  it('is final for the connection limit: 514 with auth error 1000040350', () => {
    const refusal = readHandshakeRefusal({
      'handshake-status': '514',
      'handshake-msg': 'exceed conn limit',
      'handshake-autherrcode': '1000040350',
    });
    expect(refusal?.code).toBe(1000040350);
    expect(refusal?.message).toMatch(/code 1000040350/);
  });

  it('is final for auth error 1000040350 under another status too', () => {
    const refusal = readHandshakeRefusal({
      'handshake-status': '403',
      'handshake-autherrcode': '1000040350',
    });
    expect(refusal?.code).toBe(1000040350);
  });

  it('is final for 403, forbidden', () => {
    expect(readHandshakeRefusal({ 'handshake-status': '403', 'handshake-msg': 'forbidden' })?.code).toBe(403);
  });

  it.each([
    ['a bare refusal', {}],
    ['another authentication failure', { 'handshake-status': '514', 'handshake-autherrcode': '1000040351' }],
    ['514 with no auth error', { 'handshake-status': '514' }],
    ['a server error', { 'handshake-status': '500' }],
    ['a status that is not a number', { 'handshake-status': 'nope' }],
  ])('leaves %s to be asked again', (_name, headers) => {
    expect(readHandshakeRefusal(headers)).toBeUndefined();
  });
});
