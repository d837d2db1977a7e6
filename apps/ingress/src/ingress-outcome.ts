/** Why a request was refused. Each maps to one HTTP status in `sendOutcome`. */
export const REJECT_REASONS = [
  'missing-signature',
  'bad-signature',
  'stale-timestamp',
  'not-encrypted',
  'encrypted-without-key',
  'undecryptable',
  'malformed-json',
  'unknown-envelope',
  'bad-token',
  'wrong-app',
  'invalid-event',
  // Authentic, but no queue can hold it (JSON nested too deep to serialise): refused alone.
  'unstorable',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

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
