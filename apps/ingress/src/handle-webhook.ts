import { ENQUEUED_EVENT_TYPES, FeishuEventJob, jobIdForEvent } from '@feishu-welcome/shared';
import type { Enqueue } from './enqueue.js';
import type { IngressOutcome } from './ingress-outcome.js';
import { openBody, type Crypto, type WebhookRequest } from './open-body.js';
import { sameSecret } from './same-secret.js';

export interface WebhookPolicy {
  readonly verificationToken: string;
  readonly crypto: Crypto | undefined;
  /** When set, events for any other app are refused. */
  readonly appId: string | undefined;
}

export interface HandleWebhookDeps {
  readonly policy: WebhookPolicy;
  readonly enqueue: Enqueue;
  readonly now: () => number;
}

/**
 * Decides what one push to the request URL means, and enqueues it when it is an event the product
 * acts on. Resolves an outcome for every input; only the enqueue touches the outside world.
 */
export async function handleWebhook(
  request: WebhookRequest,
  deps: HandleWebhookDeps,
): Promise<IngressOutcome> {
  const { policy } = deps;
  const receivedAt = deps.now();
  const opened = openBody(request, policy.crypto, receivedAt);
  if (!opened.ok) return { kind: 'rejected', reason: opened.reason };
  const body = opened.body;

  if (body.kind === 'challenge') {
    return sameSecret(body.body.token, policy.verificationToken)
      ? { kind: 'challenge', challenge: body.body.challenge }
      : { kind: 'rejected', reason: 'bad-token' };
  }
  if (!sameSecret(body.token, policy.verificationToken)) return { kind: 'rejected', reason: 'bad-token' };
  if (policy.appId !== undefined && body.appId !== policy.appId)
    return { kind: 'rejected', reason: 'wrong-app' };

  const ref = { eventId: body.eventId, eventType: body.eventType };
  if (!ENQUEUED_EVENT_TYPES.has(body.eventType)) return { kind: 'ignored', ...ref };

  const job = FeishuEventJob.safeParse({ ...ref, receivedAt, envelope: body.envelope });
  if (!job.success) return { kind: 'rejected', reason: 'invalid-event' };
  try {
    const stored = await deps.enqueue({ jobId: jobIdForEvent(body.eventId), data: job.data });
    return { kind: stored === 'added' ? 'accepted' : 'duplicate', ...ref };
  } catch (cause) {
    return { kind: 'unavailable', cause, ...ref };
  }
}
