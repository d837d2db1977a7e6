/**
 * The shapes Feishu pushes to the request URL, recognised before any event-specific validation.
 * v1: `{ts, uuid, token, type: "event_callback", event: {type, app_id, tenant_key, …}}`;
 * v2: `{schema: "2.0", header: {event_id, event_type, create_time, token, app_id, tenant_key}, event}`;
 * the console's check: `{challenge, token, type: "url_verification"}`.
 * Tell them apart by `schema` (v2), else `uuid` (v1).
 * Source: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
 *
 * This runs on every push, so it reads the few fields it needs by hand rather than copying the whole
 * object through a schema; the event-specific schemas (events.ts) validate what is then stored.
 */

export interface UrlVerification {
  readonly type: 'url_verification';
  readonly challenge: string;
  readonly token: string;
}

export type RecognisedBody =
  | { readonly kind: 'challenge'; readonly body: UrlVerification }
  | {
      readonly kind: 'event';
      readonly version: 1 | 2;
      readonly eventId: string;
      readonly eventType: string;
      readonly token: string;
      readonly appId: string | undefined;
      /** The envelope without its Verification Token, which must not travel further. */
      readonly envelope: Record<string, unknown>;
    };

type Json = Record<string, unknown>;

const MAX_EVENT_ID = 256;
const MAX_CHALLENGE = 4096;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown, max = Infinity): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;
const optionalText = (value: unknown): value is string | undefined =>
  value === undefined || typeof value === 'string';

function recogniseV2(body: Json): RecognisedBody | undefined {
  const { header, event } = body;
  if (body['schema'] !== '2.0' || !isObject(header) || !isObject(event)) return undefined;
  const { token, ...rest } = header;
  const { event_id: eventId, event_type: eventType, app_id: appId } = rest;
  if (
    !isText(eventId, MAX_EVENT_ID) ||
    !isText(eventType) ||
    typeof token !== 'string' ||
    !optionalText(appId)
  ) {
    return undefined;
  }
  return { kind: 'event', version: 2, eventId, eventType, token, appId, envelope: { ...body, header: rest } };
}

function recogniseV1(body: Json): RecognisedBody | undefined {
  const { token, ...envelope } = body;
  const { uuid: eventId, event } = envelope;
  if (envelope['type'] !== 'event_callback' || !isText(eventId, MAX_EVENT_ID) || typeof token !== 'string') {
    return undefined;
  }
  if (!isObject(event) || !isText(event['type']) || !optionalText(event['app_id'])) return undefined;
  return {
    kind: 'event',
    version: 1,
    eventId,
    eventType: event['type'],
    token,
    appId: event['app_id'],
    envelope,
  };
}

/** Recognises a decrypted, parsed body as a URL verification, a v1 or a v2 event; `undefined` if none. */
export function recogniseBody(value: unknown): RecognisedBody | undefined {
  if (!isObject(value)) return undefined;
  if (value['type'] === 'url_verification') {
    const { challenge, token } = value;
    return isText(challenge, MAX_CHALLENGE) && typeof token === 'string'
      ? { kind: 'challenge', body: { type: 'url_verification', challenge, token } }
      : undefined;
  }
  if ('schema' in value) return recogniseV2(value);
  // Anything else is v1 or nothing; recogniseV1 requires the uuid.
  return recogniseV1(value);
}
