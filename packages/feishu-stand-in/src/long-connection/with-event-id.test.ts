import { botP2pChatEntered, makeUser, p2pChatCreate } from '@feishu-welcome/dev-kit';
import { describe, expect, it } from 'vitest';
import { eventIdOf, withEventId } from './with-event-id.js';

describe('withEventId', () => {
  it('replaces a v2 header.event_id and leaves the rest and the original alone', () => {
    const envelope = botP2pChatEntered(makeUser(), { eventId: 'ev-a' });
    const copy = withEventId(envelope, 'ev-a-7');
    expect(eventIdOf(copy)).toBe('ev-a-7');
    expect(copy).toEqual({ ...envelope, header: { ...(envelope['header'] as object), event_id: 'ev-a-7' } });
    expect(eventIdOf(envelope)).toBe('ev-a');
  });

  it('replaces a v1 uuid', () => {
    const envelope = p2pChatCreate(makeUser(), { uuid: 'u-1' });
    expect(withEventId(envelope, 'u-1-0')).toEqual({ ...envelope, uuid: 'u-1-0' });
  });

  it('reads no id from an envelope without one', () => {
    expect(eventIdOf({ event: {} })).toBeUndefined();
    expect(eventIdOf({ header: { event_type: 'x' } })).toBeUndefined();
  });
});
