import { z } from 'zod';

/**
 * The shapes Feishu pushes to the request URL, recognised before any event-specific validation.
 * v1: `{ts, uuid, token, type: "event_callback", event: {type, app_id, tenant_key, …}}`;
 * v2: `{schema: "2.0", header: {event_id, event_type, create_time, token, app_id, tenant_key}, event}`.
 * Tell them apart by `schema` (v2), else `uuid` (v1).
 * Source: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
 */

const EventId = z.string().min(1).max(256);

export const UrlVerification = z.object({
  type: z.literal('url_verification'),
  challenge: z.string().min(1).max(4096),
  token: z.string(),
});
export type UrlVerification = z.infer<typeof UrlVerification>;

export const V1Envelope = z.looseObject({
  uuid: EventId,
  token: z.string(),
  ts: z.string().optional(),
  type: z.literal('event_callback'),
  event: z.looseObject({
    type: z.string().min(1),
    app_id: z.string().optional(),
    tenant_key: z.string().optional(),
  }),
});
export type V1Envelope = z.infer<typeof V1Envelope>;

export const V2Envelope = z.looseObject({
  schema: z.literal('2.0'),
  header: z.looseObject({
    event_id: EventId,
    event_type: z.string().min(1),
    // Documented as milliseconds, but 16-digit values appear in examples: keep it as sent.
    create_time: z.union([z.string(), z.number()]).optional(),
    token: z.string(),
    app_id: z.string().optional(),
    tenant_key: z.string().optional(),
  }),
  event: z.record(z.string(), z.unknown()),
});
export type V2Envelope = z.infer<typeof V2Envelope>;

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

/** Recognises a decrypted, parsed body as a URL verification, a v1 or a v2 event; `undefined` if none. */
export function recogniseBody(value: unknown): RecognisedBody | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const body = value as Record<string, unknown>;
  if (body['type'] === 'url_verification') {
    const parsed = UrlVerification.safeParse(body);
    return parsed.success ? { kind: 'challenge', body: parsed.data } : undefined;
  }
  if ('schema' in body) {
    const parsed = V2Envelope.safeParse(body);
    if (!parsed.success) return undefined;
    const { token, ...header } = parsed.data.header;
    return {
      kind: 'event',
      version: 2,
      eventId: header.event_id,
      eventType: header.event_type,
      token,
      appId: header.app_id,
      envelope: { ...parsed.data, header },
    };
  }
  if ('uuid' in body) {
    const parsed = V1Envelope.safeParse(body);
    if (!parsed.success) return undefined;
    const { token, ...envelope } = parsed.data;
    return {
      kind: 'event',
      version: 1,
      eventId: envelope.uuid,
      eventType: envelope.event.type,
      token,
      appId: envelope.event.app_id,
      envelope,
    };
  }
  return undefined;
}
