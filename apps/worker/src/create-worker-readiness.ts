import type { Logger, Readiness } from '@feishu-welcome/shared';
import type { FeishuProgress } from './feishu-progress.js';

/**
 * `/readyz` for a worker: it runs, its Redis answers (with as many replicas online as
 * ENQUEUE_MIN_REPLICAS asks), and Feishu has answered its sends within
 * `silentLimitMs` (the send deadline): a worker whose sends all go unanswered is up, but makes no
 * progress. Logs each change of the last, once.
 */
export function createWorkerReadiness(deps: {
  readonly isRunning: () => boolean;
  readonly redisAnswers: () => Promise<boolean>;
  readonly progress: FeishuProgress;
  readonly silentLimitMs: number;
  readonly log: Logger;
  /** With ENQUEUE_MIN_REPLICAS: whether enough replicas are online (undefined: cannot tell). */
  readonly replicasOnline?: () => Promise<boolean | undefined>;
}): () => Promise<Readiness> {
  let silent = false;
  return async () => {
    if (!deps.isRunning() || !(await deps.redisAnswers())) return false;
    // Its jobs would only be retried until the replicas are back.
    const replicas = deps.replicasOnline ? await deps.replicasOnline() : true;
    if (replicas === false) return { ready: false, reason: 'too-few-replicas' };
    if (replicas === undefined) return false;
    const silentMs = deps.progress.silentForMs();
    if (silentMs > deps.silentLimitMs !== silent) {
      silent = !silent;
      if (silent) deps.log.warn({ silentMs }, 'Feishu has answered no send for too long; not ready');
      else deps.log.info('Feishu answers again; ready');
    }
    return silent ? { ready: false, reason: 'no-progress' } : true;
  };
}
