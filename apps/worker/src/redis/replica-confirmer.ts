import { confirmReplicas, writeNodeFor, type RedisConnection } from '@feishu-welcome/shared';
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
 * A key in the same Redis Cluster slot as `key`, hence on the same node: `key` itself as the hash tag.
 * `key` must hold no `{` or `}` (the worker's keys are built so), else its own tag would decide its slot.
 */
export function markKeyFor(key: string): string {
  return `{${key}}:replication-mark`;
}

/** One node's rounds: the `WAIT` out now, and the one after it for those who came meanwhile. */
interface Rounds {
  running?: Promise<void>;
  /** The round after `running`, for those who called once it was out: its mark may predate their writes. */
  queued?: Promise<void>;
}

/**
 * Resolves once the replicas hold every write this process made to `key` (and before it, on the node
 * that holds `key`), or rejects with a `TooFewReplicasError`. `connection()` must be a connection of its
 * own: `WAIT` blocks the connection it is sent on until it returns, and on the worker's shared one it
 * would hold back BullMQ's lock renewals, job moves and `/readyz`'s PING for up to
 * {@link REPLICA_WAIT_MS} each time.
 *
 * Since that connection makes no other writes, each `WAIT` follows a tiny mark written on it in `key`'s
 * slot ({@link markKeyFor}), so on the node that holds `key` (on a Redis Cluster, the master owning the
 * slot, see `writeNodeFor`): the replication stream of a node is ordered, so a replica that
 * acknowledges the mark holds every write that node applied before it, whichever connection made it.
 * The calls made while a node's `WAIT` is out share its next one, so that with the replicas down the
 * jobs of a worker wait about two timeouts, not one each in turn.
 */
export function createReplicaConfirmer(
  connection: () => RedisConnection,
  options: { readonly required: number; readonly timeoutMs?: number },
): (key: string) => Promise<void> {
  const timeoutMs = options.timeoutMs ?? REPLICA_WAIT_MS;
  const nodes = new WeakMap<Redis, Rounds>();

  function start(node: Redis, rounds: Rounds, markKey: string): Promise<void> {
    const round: Promise<void> = confirmReplicas(node, {
      required: options.required,
      timeoutMs,
      markKey,
    }).finally(() => {
      if (rounds.running === round) rounds.running = undefined;
    });
    rounds.running = round;
    return round;
  }

  return async (key) => {
    const markKey = markKeyFor(key);
    const node = writeNodeFor(connection(), markKey);
    let rounds = nodes.get(node);
    if (rounds === undefined) {
      rounds = {};
      nodes.set(node, rounds);
    }
    const { running } = rounds;
    if (running === undefined) return await start(node, rounds, markKey);
    const own = rounds;
    own.queued ??= running
      .catch(() => undefined)
      .then(() => {
        own.queued = undefined;
        return start(node, own, markKey);
      });
    return await own.queued;
  };
}
