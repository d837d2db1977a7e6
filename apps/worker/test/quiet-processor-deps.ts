import { createLogger } from '@feishu-welcome/shared';
import type { ProcessorDeps } from '../src/create-event-processor.js';
import { createFeishuProgress } from '../src/feishu-progress.js';
import { BUILT_IN_MESSAGE } from '../src/message/message-template.js';

/**
 * The processor's dependencies a test does not look at: tickets always saved, the built-in message, no
 * metrics, a silent log, a clock stopped at `nowMs`, a 60 s send deadline.
 */
export function quietProcessorDeps(nowMs: number) {
  return {
    tickets: { save: () => Promise.resolve(true) },
    message: BUILT_IN_MESSAGE,
    metrics: {
      countSend: () => undefined,
      observeSendSeconds: () => undefined,
      countTokenRefresh: () => undefined,
    },
    log: createLogger({ name: 'test', level: 'silent' }),
    now: () => nowMs,
    sendDeadlineMs: 60_000,
    progress: createFeishuProgress(() => nowMs),
  } satisfies Partial<ProcessorDeps>;
}
