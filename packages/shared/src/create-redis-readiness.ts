/** What the probe sends: PING, and on a Redis Cluster also CLUSTER INFO (an ioredis client is one). */
export interface ProbedRedis {
  ping(): Promise<string>;
  /** ioredis's `Cluster` says so. */
  readonly isCluster?: boolean;
  cluster?(subcommand: 'INFO'): Promise<unknown>;
}

/**
 * Whether Redis answers: PING, and on a cluster `CLUSTER INFO` saying `cluster_state:ok`
 * (https://redis.io/docs/latest/commands/cluster-info/). A cluster client's PING reaches any one
 * node, and its view of the nodes does not notice a master that died; the cluster's own state turns to
 * `fail` once its nodes find a slot without a master (after `cluster-node-timeout`), and every command
 * on that slot would fail.
 */
async function answers(redis: ProbedRedis): Promise<boolean> {
  if ((await redis.ping()) !== 'PONG') return false;
  if (redis.isCluster !== true || redis.cluster === undefined) return true;
  const info = await redis.cluster('INFO');
  return typeof info === 'string' && /^cluster_state:ok/m.test(info);
}

/**
 * A readiness probe: true while Redis answers PING within `timeoutMs` (a Redis Cluster also while its
 * state is ok). It never rejects and never waits longer than that, so `/readyz` always answers in time.
 */
export function createRedisReadiness(redis: ProbedRedis, timeoutMs: number): () => Promise<boolean> {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const answered = answers(redis).catch(() => false);
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };
}
