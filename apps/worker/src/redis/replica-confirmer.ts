import { confirmReplicas } from '@feishu-welcome/shared';
import type { Redis } from 'ioredis';

/**
 * How long a worker's `WAIT` gives the replicas. A replica on a live link acknowledges within a round
 * trip (the primary asks with `REPLCONF GETACK` before its next sleep,
 * https://redis.io/docs/latest/commands/wait/); one that has not in a second is down or far behind, and
 * the job is better retried with backoff than holding its slot. Same as the ingress's default
 * ENQUEUE_TIMEOUT_MS, so both sides give up alike.
 */
export const REPLICA_WAIT_MS = 1_000;

/**
 * Resolves once the replicas hold every write this process made before the call, or rejects with a
 * `TooFewReplicasError`. `node()` must be a connection of its own: `WAIT` blocks the connection it is
 * sent on until it returns, and on the worker's shared one it would hold back BullMQ's lock renewals,
 * job moves and `/readyz`'s PING for up to {@link REPLICA_WAIT_MS} each time.
 *
 * Since `node()` makes no other writes, each `WAIT` follows a tiny mark written on it (`markKey`): the
 * replication stream is ordered, so a replica that acknowledges the mark holds every write the primary
 * applied before it, whichever connection made it. The calls made while a `WAIT` is out share the next
 * one, so that with the replicas down the jobs of a worker wait about two timeouts, not one each in turn.
 */
export function createReplicaConfirmer(
  node: () => Redis,
  options: { readonly required: number; readonly markKey: string; readonly timeoutMs?: number },
): () => Promise<void> {
  const timeoutMs = options.timeoutMs ?? REPLICA_WAIT_MS;
  let running: Promise<void> | undefined;
  /** The round after `running`, for those who called once it was out: its mark may predate their writes. */
  let queued: Promise<void> | undefined;

  function start(): Promise<void> {
    const round: Promise<void> = confirmReplicas(node(), {
      required: options.required,
      timeoutMs,
      markKey: options.markKey,
    }).finally(() => {
      if (running === round) running = undefined;
    });
    running = round;
    return round;
  }

  return () => {
    if (running === undefined) return start();
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return start();
      });
    return queued;
  };
}
