import type { FeishuEventJob } from '@feishu-welcome/shared';

export interface EventJobRequest {
  readonly jobId: string;
  readonly data: FeishuEventJob;
}

/**
 * Stores one event job. Resolves `added` or `duplicate` (the job id was already there) only once Redis
 * has stored it; rejects when it could not, and then the caller must not acknowledge the event.
 */
export type Enqueue = (job: EventJobRequest) => Promise<'added' | 'duplicate'>;
