import type { RefreshingToken } from './refreshing-token.js';
import { TicketPendingError } from './ticket-pending-error.js';

/**
 * Whether a tenant's token can be had now. A store app without its `app_ticket` cannot, nor can a
 * tenant whose token is being fetched: a job for that tenant should wait, before it takes a send slot
 * and without holding a worker slot, rather than fail or wait in the worker.
 */
export type TokenReadiness =
  | { readonly ready: true }
  | {
      readonly ready: false;
      readonly reason: 'waiting-for-ticket' | 'waiting-for-token';
      readonly retryAfterMs: number;
    };

export const TOKENS_READY: TokenReadiness = { ready: true };

/** What the start-up check found, when Feishu did not refuse the credentials. */
export type StartCheck = 'credentials-accepted' | 'waiting-for-ticket';

/**
 * How soon a job waiting for its tenant's token looks again: soon while the fetch is young (most
 * take a fraction of a second), then as seldom as every 2 s, so that a backlog waiting on a fetch
 * Feishu does not answer (up to `FEISHU_TIMEOUT_MS`) is not picked over and over.
 */
const TOKEN_WAIT_MIN_MS = 250;
const TOKEN_WAIT_MAX_MS = 2_000;

/**
 * The readiness of one cached token, without waiting for Feishu: ready when it can be handed out now,
 * else the fetch is started and the caller should come back. A failed fetch is thrown to one caller,
 * whose attempt it costs as a failed send would; a refused ticket makes it wait for the resend.
 */
export function tokenReadinessOf(token: RefreshingToken): TokenReadiness {
  const prepared = token.prepare();
  switch (prepared.kind) {
    case 'ready':
      return TOKENS_READY;
    case 'fetching':
      return {
        ready: false,
        reason: 'waiting-for-token',
        retryAfterMs: Math.min(TOKEN_WAIT_MAX_MS, Math.max(TOKEN_WAIT_MIN_MS, prepared.forMs)),
      };
    case 'failed':
      if (prepared.error instanceof TicketPendingError) {
        return { ready: false, reason: 'waiting-for-ticket', retryAfterMs: prepared.error.retryAfterMs };
      }
      throw prepared.error;
    default:
      return prepared satisfies never;
  }
}
