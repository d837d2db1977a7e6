import type { FeishuEventJob } from '@feishu-welcome/shared';

export interface EventJobRequest {
  readonly jobId: string;
  readonly data: FeishuEventJob;
}

/**
 * Stores one event job. Resolves `added` or `duplicate` (the job id was already there) only once Redis
 * has stored it, or `unstorable` at once for a job no queue can ever hold (its data cannot be
 * serialised); rejects when Redis could not store it, and then the caller must not acknowledge it.
 */
export type Enqueue = (job: EventJobRequest) => Promise<EnqueueResult>;

export type EnqueueResult = 'added' | 'duplicate' | 'unstorable';
