import { STATUS_CODES } from 'node:http';
import { KNOWN_MESSAGES } from './feishu-codes.js';
import { type Answer, type FeishuReply, feishuError, throttledReply } from './feishu-reply.js';
import type { Fault } from './fault.js';

export interface FaultResult<R> {
  readonly answer: Answer;
  /** What `proceed` returned, when the fault let the request be carried out. */
  readonly proceeded: R | undefined;
}

/** What `x-ogw-ratelimit-limit` says for scripted throttling when the limiter itself is off. */
const FEISHU_PER_SECOND_LIMIT = 50;

/**
 * What a fired fault does to a request. `proceed` carries the request out as if there were no fault;
 * it is called only when the fault says the request still happens (`deliver`, or a delayed answer).
 * `perSecond` is the configured limit, reported by scripted throttling unless the fault names one.
 */
export function resolveFault<R extends { readonly reply: FeishuReply }>(
  fault: Fault,
  perSecond: number,
  proceed: () => R,
): FaultResult<R> {
  switch (fault.kind) {
    case 'http-error': {
      const proceeded = fault.deliver ? proceed() : undefined;
      const msg = STATUS_CODES[fault.status] ?? 'Server Error';
      return { answer: { kind: 'now', reply: feishuError(fault.status, fault.status, msg) }, proceeded };
    }
    case 'hang': {
      if (fault.delay_ms === undefined) {
        return { answer: { kind: 'never' }, proceeded: fault.deliver ? proceed() : undefined };
      }
      const proceeded = proceed();
      return { answer: { kind: 'later', reply: proceeded.reply, delayMs: fault.delay_ms }, proceeded };
    }
    case 'feishu-error': {
      const msg = fault.msg ?? KNOWN_MESSAGES.get(fault.code) ?? 'scripted error from the Feishu stand-in';
      return {
        answer: { kind: 'now', reply: feishuError(fault.http_status, fault.code, msg) },
        proceeded: undefined,
      };
    }
    case 'throttle': {
      const limit =
        fault.limit ?? (Number.isFinite(perSecond) && perSecond > 0 ? perSecond : FEISHU_PER_SECOND_LIMIT);
      const reply = throttledReply(limit, fault.reset_seconds);
      return { answer: { kind: 'now', reply }, proceeded: undefined };
    }
    default: {
      const unknown: never = fault;
      throw new Error(`unknown fault kind ${JSON.stringify(unknown)}`);
    }
  }
}
