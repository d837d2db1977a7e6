import { type JsonObject, isObject } from '../json-object.js';

/** The envelope's event id: v2 `header.event_id`, v1 `uuid`; `undefined` when it has neither. */
export function eventIdOf(envelope: JsonObject): string | undefined {
  const header = envelope['header'];
  const id = isObject(header) ? header['event_id'] : envelope['uuid'];
  return typeof id === 'string' ? id : undefined;
}

/** A copy of the envelope with another event id, where its version keeps it (v2 `header.event_id`, v1 `uuid`). */
export function withEventId(envelope: JsonObject, eventId: string): JsonObject {
  const header = envelope['header'];
  return isObject(header)
    ? { ...envelope, header: { ...header, event_id: eventId } }
    : { ...envelope, uuid: eventId };
}
