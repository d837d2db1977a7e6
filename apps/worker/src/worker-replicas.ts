import {
  createReplicaReadiness,
  createReplicaShortfall,
  type Logger,
  type TooFewReplicasError,
} from '@feishu-welcome/shared';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { REPLICA_WAIT_MS, createReplicaConfirmer } from './redis/replica-confirmer.js';

/** ENQUEUE_MIN_REPLICAS in the worker: welcomes are counted done only once replicas hold them. */
export interface WorkerReplicas {
  /** Resolves once the replicas hold every write made before; rejects with `TooFewReplicasError`. */
  readonly confirm: () => Promise<void>;
  /** Counts and logs one job left unconfirmed (it is retried). */
  readonly onShortfall: (error: TooFewReplicasError, jobId: string | undefined) => void;
  /** For `/readyz`: enough replicas online, or not, or undefined when it cannot tell. */
  readonly ready: () => Promise<boolean | undefined>;
  /** Drops its connection at once: nothing on it needs finishing (the mark is only a marker). */
  close(): void;
}

/**
 * The worker's replica checks, on a connection of their own (see `createReplicaConfirmer`): a `WAIT`
 * on the shared one would hold BullMQ's commands and `/readyz`'s PING behind it. That connection
 * gives a command up after one reconnect, so that a job whose confirmation cannot be sent fails its
 * attempt and is retried, rather than holding its slot while Redis is away.
 */
export function createWorkerReplicas(options: {
  readonly redis: Redis;
  readonly required: number;
  /** Under the worker's key prefix, hence its Cluster slot. */
  readonly markKey: string;
  readonly registry: Registry;
  readonly log: Logger;
}): WorkerReplicas {
  const own = options.redis.duplicate({ maxRetriesPerRequest: 1 });
  // The shared connection already logs each outage of the same Redis.
  own.on('error', () => undefined);
  const shortfall = createReplicaShortfall(options.registry, options.log.child({ module: 'replicas' }), {
    metric: 'feishu_worker_unreplicated_total',
    help: 'Welcome jobs retried because fewer than ENQUEUE_MIN_REPLICAS replicas confirmed them in time',
    message: 'too few replicas confirmed the welcome record in time; the job will be retried',
  });
  return {
    confirm: createReplicaConfirmer(() => own, { required: options.required, markKey: options.markKey }),
    onShortfall: (error, jobId) => shortfall(error, 1, { jobId }),
    ready: createReplicaReadiness(() => own, options.required, REPLICA_WAIT_MS),
    close: () => own.disconnect(),
  };
}
