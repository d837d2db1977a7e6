import type { Answer, FeishuReply } from './feishu-reply.js';
import { type RequestOutcome, blankRecord, noteAnswer } from './request-log.js';
import { resolveFault } from './resolve-fault.js';
import type { StandInState } from './stand-in-state.js';

/** What an endpoint without receivers (token, ws-endpoint) makes of a request when no fault intervenes. */
export interface Grant {
  readonly reply: FeishuReply;
  readonly outcome: RequestOutcome;
  readonly appId: string | null;
}

/**
 * Answers a request to an endpoint without receivers: the first scripted fault for it if there is
 * one, else `grant`; either way the request is kept in the request log.
 */
export function answerWithFaults(
  state: StandInState,
  endpoint: 'token' | 'ws-endpoint',
  logId: string,
  grant: () => Grant,
): Answer {
  const record = blankRecord(state.settings.now(), logId, endpoint);
  const fault = state.faults.take(endpoint, undefined);
  if (fault === undefined) {
    const result = grant();
    const fields = { ...record, outcome: result.outcome, app_id: result.appId };
    return noteAnswer(state.journal, fields, { kind: 'now', reply: result.reply });
  }
  state.counters.faulted += 1;
  const result = resolveFault(fault, state.settings.limits.perSecond, grant);
  const outcome: RequestOutcome =
    result.answer.kind === 'later' && result.proceeded ? result.proceeded.outcome : 'faulted';
  const fields = { ...record, outcome, app_id: result.proceeded?.appId ?? null, fault_id: fault.id };
  return noteAnswer(state.journal, fields, result.answer);
}
