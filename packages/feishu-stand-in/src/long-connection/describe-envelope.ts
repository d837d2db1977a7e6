import { type JsonObject, isObject } from '../json-object.js';
import { eventIdOf } from './with-event-id.js';

/** What the stand-in needs of an event envelope to push it and to report on its delivery. */
export interface PushableEnvelope {
  /** v2 `header.event_id`, v1 `uuid`; `null` when it has neither. */
  readonly eventId: string | null;
  /** v2 `header.event_type`, v1 `event.type`; `null` when it has neither. */
  readonly eventType: string | null;
  /** The envelope's JSON as UTF-8, its token blanked. */
  readonly payload: Uint8Array;
}

function stringAt(object: unknown, key: string): string | null {
  if (!isObject(object)) return null;
  const value = object[key];
  return typeof value === 'string' ? value : null;
}

/**
 * Reads an envelope for a push. The long connection is authenticated as a whole, so Feishu sends the
 * envelope with an empty verification token (v1 `token`, v2 `header.token`); the stand-in does the same,
 * so that a client checking the token on this path is caught.
 * Source: https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/request-url-configuration-case
 */
export function describeEnvelope(envelope: JsonObject): PushableEnvelope {
  const header = envelope['header'];
  const v2 = isObject(header);
  const blanked: JsonObject = v2
    ? { ...envelope, header: 'token' in header ? { ...header, token: '' } : header }
    : 'token' in envelope
      ? { ...envelope, token: '' }
      : envelope;
  return {
    eventId: eventIdOf(envelope) ?? null,
    eventType: v2 ? stringAt(header, 'event_type') : stringAt(envelope['event'], 'type'),
    payload: new TextEncoder().encode(JSON.stringify(blanked)),
  };
}
