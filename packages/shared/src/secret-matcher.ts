import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * A check against one secret in time that depends on neither the guess's content nor its length: both
 * sides are SHA-256 digests, always 32 bytes, compared with `timingSafeEqual`. The secret's digest is
 * computed once, here, not on every check.
 */
export function secretMatcher(expected: string): (given: string) => boolean {
  const expectedDigest = digest(expected);
  return (given) => timingSafeEqual(digest(given), expectedDigest);
}
