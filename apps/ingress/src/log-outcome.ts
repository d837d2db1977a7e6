import { TooFewReplicasError, type Logger } from '@feishu-welcome/shared';
import type { IngressOutcome } from './ingress-outcome.js';

/** One line per event, whichever intake it came by: ids, kinds and reasons, never content. */
export function logOutcome(log: Logger, outcome: IngressOutcome): void {
  switch (outcome.kind) {
    case 'accepted':
    case 'duplicate':
    case 'ignored':
      log.info(
        { eventId: outcome.eventId, eventType: outcome.eventType, outcome: outcome.kind },
        'event acknowledged',
      );
      return;
    case 'challenge':
      log.info('url verification answered');
      return;
    case 'rejected':
      log.warn({ reason: outcome.reason }, 'event refused');
      return;
    case 'unavailable':
      log.error(
        { eventId: outcome.eventId, err: outcome.cause },
        // Such an event is stored on the primary, but a failover now could lose it: not acknowledged.
        outcome.cause instanceof TooFewReplicasError
          ? 'event not confirmed by replicas; Feishu will push it again'
          : 'event not stored; Feishu will push it again',
      );
      return;
    default: {
      const unreachable: never = outcome;
      throw new Error(`unhandled outcome ${JSON.stringify(unreachable)}`);
    }
  }
}
