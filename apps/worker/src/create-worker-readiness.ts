import type { Logger, Readiness } from '@feishu-welcome/shared';
import type { FeishuProgress } from './feishu-progress.js';

/**
 * `/readyz` for a worker: it runs, its Redis answers, and Feishu has answered its sends within
 * `silentLimitMs` (the send deadline): a worker whose sends all go unanswered is up, but makes no
 * progress. Logs each change of the last, once.
 */
export function createWorkerReadiness(deps: {
  readonly isRunning: () => boolean;
  readonly redisAnswers: () => Promise<boolean>;
  readonly progress: FeishuProgress;
  readonly silentLimitMs: number;
  readonly log: Logger;
}): () => Promise<Readiness> {
  let silent = false;
  return async () => {
    if (!deps.isRunning() || !(await deps.redisAnswers())) return false;
    const silentMs = deps.progress.silentForMs();
    if (silentMs > deps.silentLimitMs !== silent) {
      silent = !silent;
      if (silent) deps.log.warn({ silentMs }, 'Feishu has answered no send for too long; not ready');
      else deps.log.info('Feishu answers again; ready');
    }
    return silent ? { ready: false, reason: 'no-progress' } : true;
  };
}
