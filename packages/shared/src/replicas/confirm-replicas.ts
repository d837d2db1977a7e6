import type { Redis } from 'ioredis';

/** How long the mark written before a `WAIT` lives; it only needs to reach the replicas. */
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

/**
 * What was to be confirmed is not on the node the `WAIT` went to: the write went to another node (a
 * slot being moved, a failover the connection has not seen yet) or to a server that has since been
 * replaced (a command resent after a reconnect). Its replicas' answer says nothing about it.
 */
export class WriteNotFoundError extends Error {
  constructor() {
    super('the write to confirm is not on the node asked to confirm it');
    this.name = 'WriteNotFoundError';
  }
}

export interface ConfirmReplicasOptions {
  readonly required: number;
  /** The `WAIT` timeout; at least 1 ms, since `WAIT n 0` would block for ever. */
  readonly timeoutMs: number;
  /** A key to write just before the `WAIT`, in the slot of what is confirmed (see below). */
  readonly markKey: string;
  /** Keys that must all exist on `node` (one `EXISTS`, so keys of one slot). */
  readonly keys?: readonly string[];
  /** Hash fields that must exist on `node`. */
  readonly fields?: readonly ConfirmedField[];
}

/**
 * A hash field that must exist on the node; with `atLeast`, hold a number at least that: what was
 * written there may since have been replaced by a newer write (a later time, say), which proves it too.
 */
export interface ConfirmedField {
  readonly key: string;
  readonly field: string;
  readonly atLeast?: number;
}

/** 1 when `field` is on `node` as `wanted` asks, else 0. */
async function fieldFound(node: Redis, wanted: ConfirmedField): Promise<number> {
  const { key, field, atLeast } = wanted;
  if (atLeast === undefined) return await node.hexists(key, field);
  const value = await node.hget(key, field);
  return value !== null && Number(value) >= atLeast ? 1 : 0;
}

/**
 * Resolves once `required` replicas hold every write `node` has applied up to now, having checked that
 * what must be confirmed (`keys`, `fields`) is on `node`; rejects with {@link TooFewReplicasError}
 * after `timeoutMs`, or with {@link WriteNotFoundError}. `WAIT` blocks `node` until then: send it on a
 * connection that nothing else waits behind, or once per batch.
 *
 * `WAIT` counts the replication offset of this connection's own last write
 * (https://redis.io/docs/latest/commands/wait/): a connection that wrote nothing is confirmed at once,
 * whatever its replicas hold. So the checks, then a tiny mark, then `WAIT` go out in this order on the
 * one connection: the replication stream is ordered, so a replica that acknowledges the mark holds
 * everything the node applied before it, including what the checks found there, whichever connection
 * wrote it. The mark must share the slot of what is confirmed, so that on a Redis Cluster it is written
 * on the same master.
 */
export async function confirmReplicas(node: Redis, options: ConfirmReplicasOptions): Promise<void> {
  const keys = options.keys ?? [];
  const found = Promise.all([
    keys.length === 0 ? keys.length : node.exists(...keys),
    ...(options.fields ?? []).map((field) => fieldFound(node, field)),
  ]);
  const marked = node.set(options.markKey, '1', 'PX', MARK_TTL_MS);
  const waited = node.wait(options.required, Math.max(1, Math.ceil(options.timeoutMs)));
  const [[existing, ...fields], , confirmed] = await Promise.all([found, marked, waited]);
  if (existing !== keys.length || fields.some((one) => one !== 1)) throw new WriteNotFoundError();
  if (confirmed < options.required) throw new TooFewReplicasError(confirmed, options.required);
}
