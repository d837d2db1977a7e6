import { describe, expect, it } from 'vitest';
import { recogniseBody } from './recognise-body.js';

const v1 = {
  ts: '1502199207.7171419',
  uuid: 'bc447199585340d1f3728d26b1c0297a',
  token: 'secret-token',
  type: 'event_callback',
  event: { app_id: 'cli_9c8609450f78d102', type: 'p2p_chat_create', tenant_key: 't' },
};
const v2 = {
  schema: '2.0',
  header: { event_id: 'e1', event_type: 'im.message.receive_v1', token: 'secret-token', app_id: 'cli_x' },
  event: {},
};

describe('recogniseBody', () => {
  it('recognises a v1 envelope by its uuid and drops its token from the envelope', () => {
    const body = recogniseBody(v1);
    expect(body).toMatchObject({ kind: 'event', version: 1, eventId: v1.uuid, eventType: 'p2p_chat_create' });
    expect(body?.kind === 'event' && body.token).toBe('secret-token');
    expect(JSON.stringify(body?.kind === 'event' && body.envelope)).not.toContain('secret-token');
  });

  it('recognises a v2 envelope by its schema and drops header.token', () => {
    const body = recogniseBody(v2);
    expect(body).toMatchObject({ kind: 'event', version: 2, eventId: 'e1', appId: 'cli_x' });
    expect(JSON.stringify(body?.kind === 'event' && body.envelope)).not.toContain('secret-token');
  });

  it('recognises a URL verification', () => {
    expect(recogniseBody({ type: 'url_verification', challenge: 'c', token: 't' })).toEqual({
      kind: 'challenge',
      body: { type: 'url_verification', challenge: 'c', token: 't' },
    });
  });

  it('recognises nothing in bodies that are neither', () => {
    for (const value of [null, 1, 'x', [], {}, { schema: '2.0' }, { uuid: 'u' }, { ...v1, token: 5 }]) {
      expect(recogniseBody(value)).toBeUndefined();
    }
  });
});
