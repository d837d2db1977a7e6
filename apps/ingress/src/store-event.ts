import {
  ENQUEUED_EVENT_TYPES,
  FeishuEventJob,
  jobIdForEvent,
  type RecognisedBody,
} from '@feishu-welcome/shared';
import type { Enqueue } from './enqueue.js';
import type { IngressOutcome } from './ingress-outcome.js';
import { nestsDeeperThan } from './nests-deeper-than.js';

/** Far deeper than any event Feishu sends, far shallower than what a JSON serialiser can take. */
export const MAX_EVENT_DEPTH = 64;

/** An event whose sender is established: a webhook push with the right token, or a long-connection frame. */
export type AuthenticEvent = Extract<RecognisedBody, { kind: 'event' }>;

export interface StoreEventDeps {
  /** When set, events for any other app are refused. */
  readonly appId: string | undefined;
  readonly enqueue: Enqueue;
}

/**
 * What both intakes do with an authentic event: refuse another app's, let types the product does not
 * act on go, and store the rest as a job whose id is the event's, so that a second copy (a re-push, or
 * the same event by webhook and by long connection) is a duplicate. Resolves an outcome for every input.
 */
export async function storeEvent(
  event: AuthenticEvent,
  receivedAt: number,
  deps: StoreEventDeps,
): Promise<IngressOutcome> {
  if (deps.appId !== undefined && event.appId !== deps.appId)
    return { kind: 'rejected', reason: 'wrong-app' };

  const ref = { eventId: event.eventId, eventType: event.eventType };
  if (!ENQUEUED_EVENT_TYPES.has(event.eventType)) return { kind: 'ignored', ...ref };

  // Feishu's events nest a few levels. JSON nested thousands deep cannot be serialised into a job (the
  // stack overflows), so it is refused here, alone, before it can join other events' write.
  if (nestsDeeperThan(event.envelope, MAX_EVENT_DEPTH)) return { kind: 'rejected', reason: 'unstorable' };
  const job = FeishuEventJob.safeParse({ ...ref, receivedAt, envelope: event.envelope });
  if (!job.success) return { kind: 'rejected', reason: 'invalid-event' };
  try {
    const stored = await deps.enqueue({ jobId: jobIdForEvent(event.eventId), data: job.data });
    if (stored === 'unstorable') return { kind: 'rejected', reason: 'unstorable' };
    return { kind: stored === 'added' ? 'accepted' : 'duplicate', ...ref };
  } catch (cause) {
    return { kind: 'unavailable', cause, ...ref };
  }
}
