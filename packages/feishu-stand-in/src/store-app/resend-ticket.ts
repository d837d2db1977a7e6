import { TokenRequestBody } from '../issue-token.js';
import { credentialsMatch } from '../credentials-match.js';
import { FeishuCode } from '../feishu-codes.js';
import { type Answer, type FeishuReply, feishuError } from '../feishu-reply.js';
import type { JsonBody } from '../json-body.js';
import { blankRecord, noteAnswer } from '../request-log.js';
import type { StandInState } from '../stand-in-state.js';
import type { StoreAppState } from './store-app-state.js';

function resend(state: StandInState, store: StoreAppState, body: JsonBody): FeishuReply {
  const parsed = body.ok ? TokenRequestBody.safeParse(body.value) : undefined;
  if (!parsed?.success) return feishuError(200, FeishuCode.INVALID_PARAM, 'invalid param');
  if (!credentialsMatch(state.settings, parsed.data.app_id, parsed.data.app_secret)) {
    return feishuError(200, FeishuCode.APP_SECRET_INVALID, 'app secret invalid');
  }
  store.counters.ticket_resends += 1;
  store.pusher.push();
  return { status: 200, body: { code: FeishuCode.OK, msg: 'ok' } };
}

/**
 * `POST /open-apis/auth/v3/app_ticket/resend`: answers at once and pushes the current ticket to the
 * webhook, as Feishu does.
 * Source: https://open.feishu.cn/document/ukTMukTMukTM/ukDNz4SO0MjL5QzM/auth-v3/auth/app_ticket_resend
 */
export function resendTicket(
  state: StandInState,
  store: StoreAppState,
  input: { body: JsonBody; logId: string },
): Answer {
  const reply = resend(state, store, input.body);
  const record = blankRecord(state.settings.now(), input.logId, 'ticket-resend');
  const outcome = reply.body['code'] === FeishuCode.OK ? 'issued' : 'rejected';
  return noteAnswer(state.journal, { ...record, outcome }, { kind: 'now', reply });
}
