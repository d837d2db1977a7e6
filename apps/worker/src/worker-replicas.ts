import {
  createReplicaReadiness,
  createReplicaShortfall,
  createSideConnection,
  slotMasters,
  type Logger,
  type RedisConnection,
  type TooFewReplicasError,
} from '@feishu-welcome/shared';
import type { Cluster, Redis } from 'ioredis';
import { Counter, type Registry } from 'prom-client';
import { savedTicketField } from './redis/app-ticket-store.js';
import { onboardedKey } from './redis/onboarded-store.js';
import { REPLICA_WAIT_MS, createReplicaConfirmer } from './redis/replica-confirmer.js';
import type { WelcomeRecipient } from './welcome-recipient.js';

/** What a job wrote that the replicas must hold before it completes. */
export type ReplicatedWrite = 'welcome' | 'app-ticket';

/**
 * ENQUEUE_MIN_REPLICAS in the worker: welcomes, and saved app_tickets, are counted done only once
 * replicas hold them.
 */
export interface WorkerReplicas {
  /** Resolves once the replicas hold the recipient's welcome record; rejects with `TooFewReplicasError`. */
  readonly confirm: (recipient: WelcomeRecipient) => Promise<void>;
  /**
   * Resolves once the replicas hold the app's ticket pushed at `pushedAt`, or a newer one; rejects with
   * `TooFewReplicasError`.
   */
  readonly confirmTicket: (appId: string, pushedAt: number) => Promise<void>;
  /** Counts and logs one job left unconfirmed (it is retried). */
  readonly onShortfall: (
    error: TooFewReplicasError,
    jobId: string | undefined,
    write: ReplicatedWrite,
  ) => void;
  /**
   * For `/readyz`: every master (one, unless on a Redis Cluster, where the records spread over all of
   * them) has enough replicas online, or not, or undefined when it cannot tell.
   */
  readonly ready: () => Promise<boolean | undefined>;
  /** Drops its connections at once: nothing on them needs finishing (the mark is only a marker). */
  close(): void;
}

/**
 * Enough replicas on every master: false if one has too few, else undefined if one cannot tell. On a
 * Cluster, every master the slot map names: one that is down, not yet replaced, cannot tell.
 */
function everyMasterReady(connection: RedisConnection, required: number): () => Promise<boolean | undefined> {
  return async () => {
    const masters = connection.isCluster ? slotMasters(connection as Cluster) : [connection as Redis];
    if (masters.length === 0) return undefined;
    const answers = await Promise.all(
      masters.map(async (master) =>
        master === undefined
          ? undefined
          : await createReplicaReadiness(() => master, required, REPLICA_WAIT_MS)(),
      ),
    );
    if (answers.includes(false)) return false;
    return answers.includes(undefined) ? undefined : true;
  };
}

/**
 * The worker's replica checks, on connections of their own (see `createReplicaConfirmer`): a `WAIT`
 * on the shared one would hold BullMQ's commands and `/readyz`'s PING behind it. That connection
 * gives a command up after one reconnect, so that a job whose confirmation cannot be sent fails its
 * attempt and is retried, rather than holding its slot while Redis is away.
 */
export function createWorkerReplicas(options: {
  readonly redis: RedisConnection;
  readonly required: number;
  /** The worker's key prefix, under which the welcome records and tickets are (see `onboardedKey`). */
  readonly keyPrefix: string;
  readonly registry: Registry;
  readonly log: Logger;
}): WorkerReplicas {
  const own = createSideConnection(options.redis, { maxRetriesPerRequest: 1 });
  // Replicas are counted for `/readyz` on one more: an INFO queued behind a `WAIT` that runs out its
  // second (as each does while replicas are short) timed out, and `/readyz` gave no reason at all.
  const probe = createSideConnection(options.redis, { maxRetriesPerRequest: 1 });
  // The shared connection already logs each outage of the same Redis.
  for (const connection of [own, probe]) connection.on('error', () => undefined);
  const log = options.log.child({ module: 'replicas' });
  const counter = new Counter({
    name: 'feishu_worker_unreplicated_total',
    help: 'Jobs (welcomes, app_tickets) retried because fewer than ENQUEUE_MIN_REPLICAS replicas confirmed their write in time',
    registers: [options.registry],
  });
  // One constant message for each write; the ticket itself is a secret, and is never logged.
  const shortfalls: Record<ReplicatedWrite, ReturnType<typeof createReplicaShortfall>> = {
    welcome: createReplicaShortfall(log, {
      counter,
      message: 'too few replicas confirmed the welcome record in time; the job will be retried',
    }),
    'app-ticket': createReplicaShortfall(log, {
      counter,
      message: 'too few replicas confirmed the saved app_ticket in time; the job will be retried',
    }),
  };
  const confirm = createReplicaConfirmer(() => own, { required: options.required });
  return {
    confirm: (recipient) =>
      confirm({ key: onboardedKey(options.keyPrefix, recipient), field: recipient.openId }),
    confirmTicket: (appId, pushedAt) => confirm(savedTicketField(options.keyPrefix, appId, pushedAt)),
    onShortfall: (error, jobId, write) => shortfalls[write](error, 1, { jobId }),
    ready: everyMasterReady(probe, options.required),
    close: () => {
      own.disconnect();
      probe.disconnect();
    },
  };
}
