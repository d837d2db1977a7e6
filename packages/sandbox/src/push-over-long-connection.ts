import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Fetch } from './post-push.js';

/** The part of a stand-in delivery this tool reads (`GET /__stand-in/ws/deliveries`). */
const Attempt = z.looseObject({
  outcome: z.string(),
  code: z.number().optional(),
  at: z.number().optional(),
});
const Delivery = z.looseObject({
  messageId: z.string(),
  acked: z.boolean(),
  givenUp: z.boolean(),
  attempts: z.array(Attempt),
});
const Pushed = z.object({ delivery: Delivery });
const Deliveries = z.object({ deliveries: z.array(Delivery) });

/** What became of an event the stand-in pushed down the ingress's long connection. */
export type LongConnectionAnswer =
  | { readonly kind: 'acked' }
  /** No ingress was connected to the stand-in when it tried. */
  | { readonly kind: 'no-connection' }
  /** The ingress acknowledged with a code other than 200 (Feishu pushes it again later). */
  | { readonly kind: 'refused'; readonly code: number | undefined }
  /** Nothing came back within Feishu's 3 s. */
  | { readonly kind: 'no-ack' }
  | { readonly kind: 'stand-in-error'; readonly problem: string };

/**
 * Asks the stand-in to push the envelope as Feishu would over the long connection, then reads how its
 * first attempt ended. The stand-in decides within its acknowledgement timeout (3 s, as Feishu);
 * this waits a little longer.
 */
export async function pushOverLongConnection(
  fetchFn: Fetch,
  standInUrl: string,
  envelope: { readonly eventId: string; readonly body: unknown },
  timeoutMs = 5_000,
): Promise<LongConnectionAnswer> {
  const response = await fetchFn(`${standInUrl}/__stand-in/ws/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ event: envelope.body }),
    signal: AbortSignal.timeout(2_000),
  });
  if (response.status !== 202) {
    return { kind: 'stand-in-error', problem: `HTTP ${response.status} ${(await response.text()).trim()}` };
  }
  const { messageId } = Pushed.parse(await response.json()).delivery;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const url = `${standInUrl}/__stand-in/ws/deliveries?event_id=${encodeURIComponent(envelope.eventId)}`;
    const listed = await fetchFn(url, {
      signal: AbortSignal.timeout(2_000),
    });
    if (!listed.ok) return { kind: 'stand-in-error', problem: `HTTP ${listed.status}` };
    const delivery = Deliveries.parse(await listed.json()).deliveries.find(
      (candidate) => candidate.messageId === messageId,
    );
    const first = delivery?.attempts[0];
    if (first !== undefined && first.outcome !== 'pending') {
      switch (first.outcome) {
        case 'acked':
          return { kind: 'acked' };
        case 'no-connection':
          return { kind: 'no-connection' };
        case 'refused':
          return { kind: 'refused', code: first.code };
        default:
          return { kind: 'no-ack' };
      }
    }
    if (Date.now() > deadline) return { kind: 'no-ack' };
    await sleep(100);
  }
}
