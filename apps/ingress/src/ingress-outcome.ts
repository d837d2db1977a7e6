/** Why a request was refused. Each maps to one HTTP status in `sendOutcome`. */
export type RejectReason =
  | 'missing-signature'
  | 'bad-signature'
  | 'stale-timestamp'
  | 'not-encrypted'
  | 'encrypted-without-key'
  | 'undecryptable'
  | 'malformed-json'
  | 'unknown-envelope'
  | 'bad-token'
  | 'wrong-app'
  | 'invalid-event';

export interface EventRef {
  readonly eventId: string;
  readonly eventType: string;
}

/**
 * What became of one request to the webhook. Expected outcomes are values; the route turns each into
 * a status with one exhaustive switch.
 */
export type IngressOutcome =
  | { readonly kind: 'challenge'; readonly challenge: string }
  | ({ readonly kind: 'accepted' } & EventRef)
  | ({ readonly kind: 'duplicate' } & EventRef)
  | ({ readonly kind: 'ignored' } & EventRef)
  | { readonly kind: 'rejected'; readonly reason: RejectReason }
  | ({ readonly kind: 'unavailable'; readonly cause: unknown } & EventRef);
