import type { Response } from 'express';
import type { IngressOutcome, RejectReason } from './ingress-outcome.js';

const REJECT_STATUS: Record<RejectReason, 400 | 401> = {
  'missing-signature': 401,
  'bad-signature': 401,
  'stale-timestamp': 401,
  'bad-token': 401,
  'wrong-app': 401,
  'not-encrypted': 400,
  'encrypted-without-key': 400,
  undecryptable: 400,
  'malformed-json': 400,
  'unknown-envelope': 400,
  'invalid-event': 400,
  unstorable: 400,
};

/**
 * Answers Feishu. 200 means the event is safe (stored, already stored, or not ours to act on); any
 * other status makes Feishu re-push it on its retry schedule.
 */
export function sendOutcome(res: Response, outcome: IngressOutcome): void {
  switch (outcome.kind) {
    case 'challenge':
      // Plaintext even when the request was encrypted (PROTOCOL.md §2).
      res.status(200).json({ challenge: outcome.challenge });
      return;
    case 'accepted':
    case 'duplicate':
    case 'ignored':
      res.status(200).json({ msg: 'success' });
      return;
    case 'rejected':
      res.status(REJECT_STATUS[outcome.reason]).json({ error: outcome.reason });
      return;
    case 'unavailable':
      res.status(503).set('Retry-After', '15').json({ error: 'queue-unavailable' });
      return;
    default: {
      const unreachable: never = outcome;
      throw new Error(`unhandled outcome ${JSON.stringify(unreachable)}`);
    }
  }
}
