import { z } from 'zod';
import { credentialsMatch } from '../credentials-match.js';
import { FeishuCode } from '../feishu-codes.js';
import { type Answer, type FeishuReply, feishuError } from '../feishu-reply.js';
import type { JsonBody } from '../json-body.js';
import { blankRecord, noteAnswer } from '../request-log.js';
import type { StandInState } from '../stand-in-state.js';
import type { StoreAppState } from './store-app-state.js';

export const AppTokenRequestBody = z.object({
  app_id: z.string().min(1),
  app_secret: z.string().min(1),
  app_ticket: z.string().min(1),
});

function grant(state: StandInState, store: StoreAppState, body: JsonBody): FeishuReply {
  const parsed = body.ok ? AppTokenRequestBody.safeParse(body.value) : undefined;
  if (!parsed?.success) return feishuError(200, FeishuCode.INVALID_PARAM, 'invalid param');
  const { app_id: appId, app_secret: appSecret, app_ticket: ticket } = parsed.data;
  if (!credentialsMatch(state.settings, appId, appSecret)) {
    return feishuError(200, FeishuCode.APP_SECRET_INVALID, 'app secret invalid');
  }
  if (ticket !== store.ticket) {
    store.counters.tickets_refused += 1;
    return feishuError(200, FeishuCode.APP_TICKET_INVALID, 'app_ticket is invalid');
  }
  const issued = store.appTokens.issue(appId, '');
  if (issued.fresh) store.counters.app_tokens_issued += 1;
  return {
    status: 200,
    body: { code: FeishuCode.OK, msg: 'success', app_access_token: issued.token, expire: issued.expire },
  };
}

/**
 * `POST /open-apis/auth/v3/app_access_token` of a store app: the app id, secret and the current
 * `app_ticket`; any other ticket (an old one after a rotation) is refused with 10012.
 * Source: https://open.feishu.cn/document/ukTMukTMukTM/ukDNz4SO0MjL5QzM/auth-v3/auth/app_access_token
 */
export function issueAppToken(
  state: StandInState,
  store: StoreAppState,
  input: { body: JsonBody; logId: string },
): Answer {
  store.counters.app_token_requests += 1;
  const reply = grant(state, store, input.body);
  const record = blankRecord(state.settings.now(), input.logId, 'app-token');
  const outcome = reply.body['code'] === FeishuCode.OK ? 'issued' : 'rejected';
  return noteAnswer(state.journal, { ...record, outcome }, { kind: 'now', reply });
}
