import { z } from 'zod';

/**
 * A count written in decimal digits, 0 or more: `-1`, `1.5`, `1e2` and ` 1` are refused rather than read
 * as some other number.
 */
const NonNegativeInt = (fallback: number) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]*)$/, 'must be a non-negative integer: decimal digits, 0 or more')
    .transform(Number)
    .default(fallback);

/**
 * ENQUEUE_MIN_REPLICAS, read alike by every process that writes what must survive a failover: a write
 * counts as done only once this many replicas hold it (Redis `WAIT`), so that promoting a replica loses
 * nothing acknowledged; 0 (the default) counts a write done once the primary has it.
 */
export const EnqueueMinReplicas = NonNegativeInt(0);
