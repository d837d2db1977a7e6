import { FEISHU_EVENTS_QUEUE } from '@feishu-welcome/shared';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

/**
 * The queue's own ceiling: a BullMQ Worker whose processor does nothing, with the settings the real
 * worker uses (one connection it duplicates, concurrency, lock duration, stalled checks).
 */
const redis = new Redis(process.env['REDIS_URL'] ?? '', { maxRetriesPerRequest: null });
const lockMs = 30_000;
const worker = new Worker(FEISHU_EVENTS_QUEUE, () => Promise.resolve(), {
  connection: redis,
  prefix: process.env['QUEUE_PREFIX'] ?? '',
  concurrency: Number(process.env['WORKER_CONCURRENCY']),
  lockDuration: lockMs,
  stalledInterval: lockMs,
  maxStalledCount: 2,
});
worker.on('error', (error) => process.stderr.write(`worker error: ${error.message}\n`));
process.once('SIGTERM', () => {
  void worker
    .close()
    .then(() => redis.quit())
    .finally(() => process.exit(0));
});
