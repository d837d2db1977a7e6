import {
  FEISHU_EVENT_JOB_OPTIONS,
  type RedisConnection,
  TooFewReplicasError,
  confirmReplicas,
  withTimeout,
} from '@feishu-welcome/shared';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Enqueue, EnqueueResult, EventJobRequest } from './enqueue.js';

/** The queue key each batch writes before its `WAIT`; no job id looks like it (`ev-…`). */
export const REPLICATION_MARK = 'ingress-replication-mark';

/** Acknowledge only what replicas hold too (ENQUEUE_MIN_REPLICAS ≥ 1). */
export interface ReplicaConfirmation {
  readonly required: number;
  /** The node connection that performed the batch's writes (`writeNodeFor`), where `WAIT` goes. */
  readonly node: () => Redis;
  /** Told once per batch refused for lack of replicas, with the number of events in it. */
  readonly onShortfall: (error: TooFewReplicasError, events: number) => void;
}

/**
 * What `WAIT` leaves of the remaining time for its reply to come back, so that a shortfall is answered
 * (and counted) as such rather than overtaken by the enqueue's own deadline. Redis notices a blocked
 * command's timeout on its event loop's ticks, `hz` times a second (10 by default), so a `WAIT` may
 * end up to 100 ms late (`hz` in https://raw.githubusercontent.com/redis/redis/7.0/redis.conf).
 */
const WAIT_REPLY_MS = 150;

/** More than this many concurrent pushes are split across several writes. */
export const MAX_BATCH = 128;

interface Pending {
  readonly job: EventJobRequest;
  readonly resolve: (result: EnqueueResult) => void;
  readonly reject: (error: unknown) => void;
}

/** One event id in a batch: the first copy is written; the others are answered with it. */
interface Slot {
  readonly first: Pending;
  readonly copies: Pending[];
}

/** BullMQ stores a job's data as JSON; data nested deeper than the stack allows cannot be. */
function isSerialisable(job: EventJobRequest): boolean {
  try {
    JSON.stringify(job.data);
  } catch {
    return false;
  }
  return true;
}

/**
 * An {@link Enqueue} over BullMQ that coalesces the jobs of concurrent requests: whatever arrives in
 * one turn of the event loop goes to Redis as one `addBulk` (one pipeline of BullMQ's add script, not a
 * transaction), and each request is answered only when that write has returned, so a 200 still means
 * the job is stored. A job that can never be stored is answered `unstorable` on its own, and the rest
 * of its batch is stored.
 *
 * The job id is the event's, so BullMQ itself refuses a second copy
 * (https://docs.bullmq.io/guide/jobs/job-ids). `redis` must be the connection `queue` uses: the EXISTS
 * of each id goes out before the addBulk's pipeline on the same connection, which tells a re-delivery
 * from a first one in the same round trip. `timeoutMs` bounds the wait so Feishu hears 503 long before
 * its 3 s.
 *
 * With `replicas`, a batch is answered only once `WAIT` confirms that many replicas hold it, within
 * what remains of `timeoutMs`: one `WAIT` per batch, since it blocks the connection it is sent on.
 */
export function createBullmqEnqueue(
  queue: Queue,
  redis: RedisConnection,
  timeoutMs: number,
  replicas?: ReplicaConfirmation,
): Enqueue {
  let pending: Pending[] = [];
  /**
   * The events being written, by job id: a copy that comes while its first is still being written is
   * answered with it. Writing it again would be harmless, but its EXISTS can overtake the first's write
   * (addBulk builds it asynchronously), and both would be counted as added.
   */
  const writing = new Map<string, Slot>();

  function settle(slot: Slot, result: EnqueueResult): void {
    writing.delete(slot.first.job.jobId);
    slot.first.resolve(result);
    for (const copy of slot.copies) copy.resolve(result === 'added' ? 'duplicate' : result);
  }

  function fail(slot: Slot, error: unknown): void {
    writing.delete(slot.first.job.jobId);
    slot.first.reject(error);
    for (const copy of slot.copies) copy.reject(error);
  }

  async function confirm(
    policy: ReplicaConfirmation,
    remainingMs: number,
    slots: readonly Slot[],
  ): Promise<void> {
    try {
      await confirmReplicas(policy.node(), {
        required: policy.required,
        timeoutMs: remainingMs,
        markKey: queue.toKey(REPLICATION_MARK),
        // Each job on the node asked: addBulk may have gone elsewhere (a slot being moved answers ASK,
        // which ioredis follows without a word) or to a Redis since replaced (a command resent after a
        // reconnect); that node's replicas would confirm nothing of it.
        keys: slots.map(({ first }) => queue.toKey(first.job.jobId)),
      });
    } catch (error) {
      if (error instanceof TooFewReplicasError)
        policy.onShortfall(
          error,
          slots.reduce((sum, slot) => sum + 1 + slot.copies.length, 0),
        );
      throw error;
    }
  }

  async function write(slots: readonly Slot[]): Promise<void> {
    try {
      // An explicit pipeline is written at once, before addBulk has built its own (which, unlike single
      // commands, does not wait in ioredis's auto-pipeline and could overtake them).
      const existed = redis
        .pipeline(slots.map(({ first }) => ['exists', queue.toKey(first.job.jobId)]))
        .exec()
        .then((replies) =>
          // ioredis resolves null only for a transaction aborted by WATCH, never for a pipeline.
          // Stryker disable next-line ArrayDeclaration: unreachable
          (replies ?? []).map(([error, count]) => {
            if (error) throw error;
            return count;
          }),
        );
      const added = queue.addBulk(
        slots.map(({ first: { job } }) => ({
          name: job.data.eventType,
          data: job.data,
          opts: { ...FEISHU_EVENT_JOB_OPTIONS, jobId: job.jobId },
        })),
      );
      const deadline = Date.now() + timeoutMs;
      const stored = Promise.all([existed, added]).then(async ([before]) => {
        if (replicas) await confirm(replicas, deadline - Date.now() - WAIT_REPLY_MS, slots);
        return before;
      });
      const before = await withTimeout(stored, timeoutMs, 'enqueue');
      slots.forEach((slot, i) => settle(slot, before[i] === 1 ? 'duplicate' : 'added'));
    } catch (error) {
      // One job BullMQ cannot serialise fails the whole addBulk before anything is stored: answer it
      // alone and write the others again. Checked only then, since serialising twice costs every push.
      const unstorable = slots.filter(({ first }) => !isSerialisable(first.job));
      if (unstorable.length === 0) {
        for (const slot of slots) fail(slot, error);
        return;
      }
      for (const slot of unstorable) settle(slot, 'unstorable');
      const rest = slots.filter((slot) => !unstorable.includes(slot));
      // Writing an empty rest would be one useless round trip, answering nobody.
      if (rest.length > 0) await write(rest);
    }
  }

  function flush(): void {
    const batch = pending;
    pending = [];
    // The same event twice in one turn, even more than MAX_BATCH apart, or while an earlier turn still
    // writes it, is written once.
    const unique: Slot[] = [];
    for (const item of batch) {
      const slot = writing.get(item.job.jobId);
      if (slot) slot.copies.push(item);
      else {
        const first = { first: item, copies: [] };
        writing.set(item.job.jobId, first);
        unique.push(first);
      }
    }
    // `<=` would add one empty write after a multiple of MAX_BATCH: a round trip answering nobody.
    for (let i = 0; i < unique.length; i += MAX_BATCH) void write(unique.slice(i, i + MAX_BATCH));
  }

  return (job) =>
    new Promise((resolve, reject) => {
      // One flush per turn; scheduling more would only run flushes that find nothing pending.
      if (pending.length === 0) setImmediate(flush);
      pending.push({ job, resolve, reject });
    });
}
