import type { Redis } from 'ioredis';

/** How long the mark written before a duplicate's `WAIT` lives; it only needs to reach the replicas. */
const MARK_TTL_MS = 60_000;

/**
 * Fewer replicas than required confirmed a write in time: what was written must not be counted done
 * (an event not acknowledged, a welcome's job not completed), since a failover now could lose it.
 */
export class TooFewReplicasError extends Error {
  constructor(
    readonly confirmed: number,
    readonly required: number,
  ) {
    super(`only ${confirmed} of ${required} replicas confirmed the write in time`);
    this.name = 'TooFewReplicasError';
  }
}

export interface ConfirmReplicasOptions {
  readonly required: number;
  /** The `WAIT` timeout; at least 1 ms, since `WAIT n 0` would block for ever. */
  readonly timeoutMs: number;
  /**
   * A key to write first, when the connection's last write may not cover what must be confirmed: an
   * event found already stored (a re-push) was written earlier, perhaps by another connection.
   */
  readonly markKey?: string;
}

/**
 * Resolves once `required` replicas hold every write `node` has made, or rejects with
 * {@link TooFewReplicasError} after `timeoutMs`. `WAIT` blocks `node` until then, so it is sent once
 * per batch, on the connection that wrote the batch.
 *
 * `WAIT` counts the replication offset of this connection's own last write
 * (https://redis.io/docs/latest/commands/wait/). A duplicate's job was written before, maybe by another
 * ingress, and maybe not replicated yet: writing a tiny mark on this connection, then waiting, confirms
 * it too, since the replication stream is ordered and a replica that acknowledges the mark holds
 * everything the primary applied before it. The mark shares the queue's key prefix, hence its Cluster
 * slot and node.
 */
export async function confirmReplicas(node: Redis, options: ConfirmReplicasOptions): Promise<void> {
  // Both go out at once, in this order, on the one connection; a mark that failed confirms nothing.
  const marked =
    options.markKey === undefined ? undefined : node.set(options.markKey, '1', 'PX', MARK_TTL_MS);
  const waited = node.wait(options.required, Math.max(1, Math.ceil(options.timeoutMs)));
  const [, confirmed] = await Promise.all([marked, waited]);
  if (confirmed < options.required) throw new TooFewReplicasError(confirmed, options.required);
}
