import { timingSafeEqual } from 'node:crypto';
import { computeSignature } from './compute-signature.js';

/** Feishu publishes no replay window; ±5 minutes is the usual tolerance for signed webhooks. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

export interface SignedRequest {
  readonly timestamp: string | undefined;
  readonly nonce: string | undefined;
  readonly signature: string | undefined;
  readonly rawBody: Buffer;
}

export type SignatureVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'missing-signature' | 'bad-signature' | 'stale-timestamp' };

/**
 * Checks `X-Lark-Signature` against the raw body, in constant time, and the request timestamp against
 * `nowMs`. Pure: no I/O, the clock is a parameter.
 */
export function verifySignature(
  request: SignedRequest,
  encryptKey: string,
  nowMs: number,
  toleranceMs: number = SIGNATURE_TOLERANCE_MS,
): SignatureVerdict {
  const { timestamp, nonce, signature, rawBody } = request;
  if (!timestamp || nonce === undefined || !signature) return { ok: false, reason: 'missing-signature' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'stale-timestamp' };
  if (Math.abs(nowMs - Number(timestamp) * 1000) > toleranceMs)
    return { ok: false, reason: 'stale-timestamp' };

  const expected = Buffer.from(computeSignature(timestamp, nonce, encryptKey, rawBody));
  const given = Buffer.from(signature.toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  return { ok: true };
}
