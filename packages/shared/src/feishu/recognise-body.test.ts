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

  it.each([
    ['a v1 type other than event_callback', { ...v1, type: 'event' }],
    ['a v1 uuid that is empty', { ...v1, uuid: '' }],
    ['a v1 uuid that is not text', { ...v1, uuid: 7 }],
    ['a v1 uuid over 256 characters', { ...v1, uuid: 'u'.repeat(257) }],
    ['a v1 without its token', { ...v1, token: undefined }],
    ['a v1 event that is not an object', { ...v1, event: 'p2p_chat_create' }],
    ['a v1 event that is an array', { ...v1, event: [] }],
    ['a v1 event type that is empty', { ...v1, event: { ...v1.event, type: '' } }],
    ['a v1 event type that is not text', { ...v1, event: { ...v1.event, type: 1 } }],
    ['a v1 app_id that is not text', { ...v1, event: { ...v1.event, app_id: 1 } }],
    ['a v2 schema other than 2.0', { ...v2, schema: '2' }],
    ['a v2 without a header', { ...v2, header: undefined }],
    ['a v2 header that is an array', { ...v2, header: [] }],
    ['a v2 without an event', { ...v2, event: undefined }],
    ['a v2 event that is null', { ...v2, event: null }],
    ['a v2 event_id that is empty', { ...v2, header: { ...v2.header, event_id: '' } }],
    ['a v2 event_id over 256 characters', { ...v2, header: { ...v2.header, event_id: 'e'.repeat(257) } }],
    ['a v2 event_type that is missing', { ...v2, header: { ...v2.header, event_type: undefined } }],
    ['a v2 header without its token', { ...v2, header: { ...v2.header, token: undefined } }],
    ['a v2 token that is not text', { ...v2, header: { ...v2.header, token: 1 } }],
    ['a v2 app_id that is not text', { ...v2, header: { ...v2.header, app_id: ['cli_x'] } }],
    ['a URL verification without a challenge', { type: 'url_verification', token: 't' }],
    ['a URL verification with an empty challenge', { type: 'url_verification', challenge: '', token: 't' }],
    [
      'a URL verification challenge over 4096 characters',
      { type: 'url_verification', challenge: 'c'.repeat(4097), token: 't' },
    ],
    ['a URL verification without its token', { type: 'url_verification', challenge: 'c' }],
  ])('recognises nothing in %s', (_, value) => {
    expect(recogniseBody(value)).toBeUndefined();
  });

  it('takes ids and challenges up to their limits, and events without an app id', () => {
    const longV1 = { ...v1, uuid: 'u'.repeat(256), event: { type: 'p2p_chat_create' } };
    expect(recogniseBody(longV1)).toMatchObject({ kind: 'event', eventId: longV1.uuid, appId: undefined });
    const { app_id: _appId, ...header } = { ...v2.header, event_id: 'e'.repeat(256) };
    expect(recogniseBody({ ...v2, header })).toMatchObject({ eventId: header.event_id, appId: undefined });
    const challenge = 'c'.repeat(4096);
    expect(recogniseBody({ type: 'url_verification', challenge, token: '' })).toMatchObject({
      kind: 'challenge',
      body: { challenge, token: '' },
    });
  });
});
