import { secretMatcher } from '@feishu-welcome/shared';
import type { Enqueue } from './enqueue.js';
import type { IngressOutcome } from './ingress-outcome.js';
import { openBody, type Crypto, type WebhookRequest } from './open-body.js';
import { storeEvent } from './store-event.js';

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
  return await storeEvent(body, receivedAt, { appId: policy.appId, enqueue: deps.enqueue });
}
