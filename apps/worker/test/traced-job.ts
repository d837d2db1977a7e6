import { Job, type JobProgress, type Queue } from 'bullmq';
import type { JobResult } from '../src/create-event-processor.js';

/** What a processor did to a job's BullMQ side. */
export interface JobTrace {
  logs?: string[];
  data?: unknown;
  delayedUntil?: number;
  movedToWait?: boolean;
  /** Every progress the processor reported, oldest first. */
  progress?: unknown[];
  /** How many times the job was promoted out of the delayed set. */
  promoted?: number;
}

/**
 * A real BullMQ `Job`, made by BullMQ's own constructor on a real queue, whose calls back into Redis
 * (log, data and progress updates, moves to delayed or wait, promotion) are written to `trace` instead: the processor gets the
 * class it gets in production, without a worker holding the job's lock.
 */
export class TracedJob extends Job<unknown, JobResult> {
  readonly trace: JobTrace;

  constructor(
    queue: Queue,
    data: unknown,
    { id = 'job-1', stalledCounter = 0 }: { id?: string; stalledCounter?: number } = {},
    trace: JobTrace = {},
  ) {
    super(queue, 'event', data, {}, id);
    this.stalledCounter = stalledCounter;
    this.trace = trace;
  }

  override log(row: string): Promise<number> {
    this.trace.logs = [...(this.trace.logs ?? []), row];
    return Promise.resolve(this.trace.logs.length);
  }

  override updateData(data: unknown): Promise<void> {
    this.data = data;
    this.trace.data = data;
    return Promise.resolve();
  }

  override moveToDelayed(timestamp: number): Promise<void> {
    this.trace.delayedUntil = timestamp;
    return Promise.resolve();
  }

  override updateProgress(progress: JobProgress): Promise<void> {
    this.progress = progress;
    this.trace.progress = [...(this.trace.progress ?? []), progress];
    return Promise.resolve();
  }

  override promote(): Promise<void> {
    this.trace.promoted = (this.trace.promoted ?? 0) + 1;
    return Promise.resolve();
  }

  override moveToWait(): Promise<number> {
    this.trace.movedToWait = true;
    return Promise.resolve(0);
  }
}
