import { FeishuCode, INVALID_ACCESS_TOKEN_MSG } from './feishu-codes.js';
import { type Answer, type FeishuReply, feishuError, throttledReply } from './feishu-reply.js';
import { deliverMessage } from './deliver-message.js';
import type { JsonBody } from './json-body.js';
import { parseSendRequest } from './parse-send-request.js';
import { type RequestOutcome, blankRecord, noteAnswer } from './request-log.js';
import { resolveFault } from './resolve-fault.js';
import { refuseCrossTenant } from './store-app/refuse-cross-tenant.js';
import type { StandInState } from './stand-in-state.js';

export interface SendInput {
  /** The `Authorization` header. */
  readonly authorization: string | undefined;
  /** The `receive_id_type` query parameter, as received. */
  readonly receiveIdType: unknown;
  readonly body: JsonBody;
  /** The `X-Tt-Logid` this request is answered with. */
  readonly logId: string;
}

function now(reply: FeishuReply): Answer {
  return { kind: 'now', reply };
}

function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

/**
 * `POST /open-apis/im/v1/messages`, in the order Feishu's gateway and service apply their checks:
 * token (99991663), parameters (230001 / 230025), rate limits (429 / 99991400), then scripted faults,
 * then the uuid check and delivery.
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message/create
 */
export function sendMessage(state: StandInState, input: SendInput): Answer {
  const { counters, settings } = state;
  const at = settings.now();
  counters.requests += 1;
  state.pace.note(at);
  const record = blankRecord(at, input.logId, 'messages');

  const holder = state.tokens.holderOf(bearerToken(input.authorization));
  if (holder === undefined) {
    counters.rejected += 1;
    const reply = feishuError(400, FeishuCode.INVALID_ACCESS_TOKEN, INVALID_ACCESS_TOKEN_MSG);
    return noteAnswer(state.journal, record, now(reply));
  }

  const { appId, tenantKey } = holder;
  const check = parseSendRequest(input.receiveIdType, input.body);
  if (!check.ok) {
    counters.rejected += 1;
    const fields = { ...record, app_id: appId, tenant_key: tenantKey, ...check.seen };
    return noteAnswer(state.journal, fields, now(feishuError(400, check.code, check.msg)));
  }
  const { request } = check;
  const fields = {
    ...record,
    app_id: appId,
    tenant_key: tenantKey,
    receive_id: request.receiveId,
    receive_id_type: request.receiveIdType,
    msg_type: request.msgType,
    uuid: request.uuid ?? null,
  };

  const decision = state.limiter.tryAcquire(appId, tenantKey, request.receiveId);
  if (!decision.allowed) {
    counters.throttled += 1;
    const reply = throttledReply(decision.limit, decision.resetSeconds);
    return noteAnswer(state.journal, { ...fields, outcome: 'throttled' }, now(reply));
  }
  counters.accepted += 1;
  const crossTenant = refuseCrossTenant(state, tenantKey, request);
  if (crossTenant !== undefined) return noteAnswer(state.journal, fields, now(crossTenant));

  const fault = state.faults.take('messages', request.receiveId);
  if (fault === undefined) {
    const delivery = deliverMessage(state, holder, request);
    const done = { ...fields, outcome: delivery.outcome, message_id: delivery.messageId };
    return noteAnswer(state.journal, done, now(delivery.reply));
  }
  counters.faulted += 1;
  const result = resolveFault(fault, settings.limits.perSecond, () => deliverMessage(state, holder, request));
  // A delayed answer is the normal one, so the request ends as that one would have.
  const outcome: RequestOutcome =
    result.answer.kind === 'later' && result.proceeded ? result.proceeded.outcome : 'faulted';
  const done = { ...fields, outcome, message_id: result.proceeded?.messageId ?? null, fault_id: fault.id };
  return noteAnswer(state.journal, done, result.answer);
}
