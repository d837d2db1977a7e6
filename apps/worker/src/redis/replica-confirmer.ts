import {
  confirmReplicas,
  waitUntilReady,
  withTimeout,
  writeNodeFor,
  type ConfirmedField,
  type RedisConnection,
} from '@feishu-welcome/shared';
import type { Redis } from 'ioredis';

/**
 * How long a worker's `WAIT` gives the replicas. A replica on a live link acknowledges within a round
 * trip (the primary asks with `REPLCONF GETACK` before its next sleep,
 * https://redis.io/docs/latest/commands/wait/); one that has not in a second is down or far behind, and
 * the job is better retried with backoff than holding its slot. Same as the ingress's default
 * ENQUEUE_TIMEOUT_MS, so both sides give up alike.
 */
export const REPLICA_WAIT_MS = 1_000;

/** Beyond the `WAIT` timeout, for its reply to come back (Redis ends blocked commands on `hz` ticks). */
const ROUND_SLACK_MS = 500;

/**
 * A key in the same Redis Cluster slot as `key`, hence on the same node: `key` itself as the hash tag,
 * after `key` (so it still starts with the worker's key prefix, as ACL key patterns expect). `key` must
 * hold no `{` or `}` (the worker's keys are built so), else its own tag would decide its slot.
 */
export function markKeyFor(key: string): string {
  return `${key}:replication-mark:{${key}}`;
}

/** One node's rounds: the `WAIT` out now, and the one after it for those who came meanwhile. */
interface Rounds {
  running?: Promise<void>;
  /** The round after `running`, for those who called once it was out: its mark may predate their writes. */
  queued?: Promise<void>;
  /** The records the queued round must find on the node. */
  next: ConfirmedField[];
}

/**
 * Resolves once the replicas hold the record (`field` of `key`: a welcome record, or the push time of
 * the app_ticket kept, see `ConfirmedField`) and every write before it on the node that holds `key`, or
 * rejects with a `TooFewReplicasError`, or a `WriteNotFoundError` when the record is not on that node
 * (written to a master that has since failed over, say: it is then retried, and its retry writes it
 * anew). `connection()` must be a connection of its own: `WAIT` blocks the connection
 * it is sent on until it returns, and on the worker's shared one it would hold back BullMQ's lock
 * renewals, job moves and `/readyz`'s PING for up to {@link REPLICA_WAIT_MS} each time.
 *
 * Each round sends, in order on that connection, a check of its records, a tiny mark in `key`'s slot
 * ({@link markKeyFor}), so on the node that holds `key` (on a Redis Cluster, the master owning the slot,
 * see `writeNodeFor`), then `WAIT` (see `confirmReplicas`). The calls made while a node's `WAIT` is out
 * share its next round, so that with the replicas down the jobs of a worker wait about two timeouts,
 * not one each in turn; a round that cannot answer in time (a connection gone silent) is given up.
 */
export function createReplicaConfirmer(
  connection: () => RedisConnection,
  options: { readonly required: number; readonly timeoutMs?: number },
): (record: ConfirmedField) => Promise<void> {
  const timeoutMs = options.timeoutMs ?? REPLICA_WAIT_MS;
  const nodes = new WeakMap<Redis, Rounds>();

  function start(node: Redis, rounds: Rounds, fields: readonly ConfirmedField[]): Promise<void> {
    const confirmed = confirmReplicas(node, {
      required: options.required,
      timeoutMs,
      markKey: markKeyFor(fields[0]!.key),
      fields,
    });
    const round: Promise<void> = withTimeout(
      confirmed,
      timeoutMs + ROUND_SLACK_MS,
      'replica confirmation',
    ).finally(() => {
      if (rounds.running === round) rounds.running = undefined;
    });
    rounds.running = round;
    return round;
  }

  return async (record) => {
    const redis = connection();
    // A Cluster knows no slot's master before its slot map is read: the first jobs after a start would
    // each fail an attempt on it.
    if (redis.isCluster) await waitUntilReady(redis, timeoutMs);
    const node = writeNodeFor(redis, markKeyFor(record.key));
    let rounds = nodes.get(node);
    if (rounds === undefined) {
      rounds = { next: [] };
      nodes.set(node, rounds);
    }
    const { running } = rounds;
    if (running === undefined) return await start(node, rounds, [record]);
    const own = rounds;
    own.next.push(record);
    own.queued ??= running
      .catch(() => undefined)
      .then(() => {
        const fields = own.next;
        own.next = [];
        own.queued = undefined;
        return start(node, own, fields);
      });
    return await own.queued;
  };
}
