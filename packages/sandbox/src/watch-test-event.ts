import { setTimeout as sleep } from 'node:timers/promises';
import type { JobProbe, JobReport } from './job-probe.js';
import type { Fetch } from './post-push.js';
import { type DeliveredWelcome, type StandInAnswer, readAnswers, readWelcomes } from './read-stand-in.js';

export interface WatchTestEventOptions {
  readonly fetch: Fetch;
  readonly standInUrl: string;
  /** The chat the welcome goes to. */
  readonly chatId: string;
  /** The test event's job, for `probe`. */
  readonly jobId: string;
  /** Reads the job from the queue; without one, only the stand-in is watched. */
  readonly probe: JobProbe | undefined;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Called once for each answer other than success the stand-in gave a send to the chat. */
  readonly onAnswer: (answer: StandInAnswer) => void;
  /** Called once if the queue cannot be read; the watch goes on with the stand-in alone. */
  readonly onProbeError: (message: string) => void;
}

export type TestEventWatch =
  | { readonly kind: 'arrived'; readonly message: DeliveredWelcome }
  | { readonly kind: 'failed'; readonly attemptsMade: number; readonly reason: string | undefined }
  /** The job completed, yet the stand-in has no message: the worker sent it somewhere else. */
  | { readonly kind: 'completed-elsewhere' }
  | {
      readonly kind: 'timed-out';
      /** The job as last read; undefined without a probe. */
      readonly job: JobReport | undefined;
      readonly answers: readonly StandInAnswer[];
    }
  | { readonly kind: 'stand-in-unreachable'; readonly error: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Polls the stand-in (and the queue, given a probe) until the welcome is there, the job has failed
 * or completed, or `timeoutMs` has passed. A failed job ends the watch at once: waiting on cannot
 * bring a welcome.
 */
export async function watchTestEvent(options: WatchTestEventOptions): Promise<TestEventWatch> {
  const deadline = Date.now() + options.timeoutMs;
  let probe = options.probe;
  let job: JobReport | undefined;
  let answers: readonly StandInAnswer[] = [];
  let answered = false;
  let lastError = 'no answer';
  for (;;) {
    // The job first: a job read as completed had its message recorded before, so the read below sees it.
    if (probe !== undefined) {
      try {
        job = await probe.read(options.jobId);
      } catch (error) {
        options.onProbeError(messageOf(error));
        probe = undefined;
        job = undefined;
      }
    }
    let read = false;
    try {
      const [message] = await readWelcomes(options.fetch, options.standInUrl, options.chatId);
      if (message) return { kind: 'arrived', message };
      const seen = await readAnswers(options.fetch, options.standInUrl, options.chatId);
      answered = true;
      for (const answer of seen.slice(answers.length)) {
        if (answer.http_status !== null && answer.code !== 0) options.onAnswer(answer);
      }
      answers = seen;
      read = true;
    } catch (error) {
      lastError = messageOf(error);
    }
    if (job?.state === 'failed')
      return { kind: 'failed', attemptsMade: job.attemptsMade, reason: job.failedReason };
    if (job?.state === 'completed' && read) return { kind: 'completed-elsewhere' };
    if (Date.now() >= deadline) {
      return answered
        ? { kind: 'timed-out', job, answers }
        : { kind: 'stand-in-unreachable', error: lastError };
    }
    await sleep(options.intervalMs ?? 250);
  }
}
