import { ENQUEUED_EVENT_TYPES, FeishuEventJob, jobIdForEvent } from '@feishu-welcome/shared';
import type { Enqueue } from './enqueue.js';
import type { IngressOutcome } from './ingress-outcome.js';
import { openBody, type Crypto, type WebhookRequest } from './open-body.js';
import { nestsDeeperThan } from './nests-deeper-than.js';
import { secretMatcher } from './same-secret.js';

/** Far deeper than any event Feishu sends, far shallower than what a JSON serialiser can take. */
export const MAX_EVENT_DEPTH = 64;

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

export type WebhookHandler = (request: WebhookRequest) => Promise<IngressOutcome>;

/**
 * The handler of pushes to the request URL: it decides what one push means, and enqueues it when it is
 * an event the product acts on. It resolves an outcome for every input; only the enqueue touches the
 * outside world.
 */
export function createWebhookHandler(deps: HandleWebhookDeps): WebhookHandler {
  const isVerificationToken = secretMatcher(deps.policy.verificationToken);
  return async (request) => await handleWebhook(request, deps, isVerificationToken);
}

async function handleWebhook(
  request: WebhookRequest,
  deps: HandleWebhookDeps,
  isVerificationToken: (token: string) => boolean,
): Promise<IngressOutcome> {
  const { policy } = deps;
  const receivedAt = deps.now();
  const opened = openBody(request, policy.crypto, receivedAt);
  if (!opened.ok) return { kind: 'rejected', reason: opened.reason };
  const body = opened.body;

  if (body.kind === 'challenge') {
    return isVerificationToken(body.body.token)
      ? { kind: 'challenge', challenge: body.body.challenge }
      : { kind: 'rejected', reason: 'bad-token' };
  }
  if (!isVerificationToken(body.token)) return { kind: 'rejected', reason: 'bad-token' };
  if (policy.appId !== undefined && body.appId !== policy.appId)
    return { kind: 'rejected', reason: 'wrong-app' };

  const ref = { eventId: body.eventId, eventType: body.eventType };
  if (!ENQUEUED_EVENT_TYPES.has(body.eventType)) return { kind: 'ignored', ...ref };

  // Feishu's events nest a few levels. JSON nested thousands deep cannot be serialised into a job (the
  // stack overflows), so it is refused here, alone, before it can join other pushes' write.
  if (nestsDeeperThan(body.envelope, MAX_EVENT_DEPTH)) return { kind: 'rejected', reason: 'unstorable' };
  const job = FeishuEventJob.safeParse({ ...ref, receivedAt, envelope: body.envelope });
  if (!job.success) return { kind: 'rejected', reason: 'invalid-event' };
  try {
    const stored = await deps.enqueue({ jobId: jobIdForEvent(body.eventId), data: job.data });
    if (stored === 'unstorable') return { kind: 'rejected', reason: 'unstorable' };
    return { kind: stored === 'added' ? 'accepted' : 'duplicate', ...ref };
  } catch (cause) {
    return { kind: 'unavailable', cause, ...ref };
  }
}
