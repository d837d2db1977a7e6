import type { IngressOutcome } from '../ingress-outcome.js';

/**
 * The code an event's acknowledgement carries. 200 means the event is safe (stored, already stored, or
 * not ours to act on); anything else makes Feishu push it again, which is what an event Redis could not
 * store needs. Feishu reads only "200 or not"; 400 and 500 tell a reader of its logs which it was.
 */
export function ackCodeFor(outcome: IngressOutcome): 200 | 400 | 500 {
  switch (outcome.kind) {
    case 'accepted':
    case 'duplicate':
    case 'ignored':
      return 200;
    // A URL verification has no meaning on the long connection: refused like any unknown envelope.
    case 'challenge':
    case 'rejected':
      return 400;
    case 'unavailable':
      return 500;
    default: {
      const unreachable: never = outcome;
      throw new Error(`unhandled outcome ${JSON.stringify(unreachable)}`);
    }
  }
}
