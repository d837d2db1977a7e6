import { z } from 'zod';
import { type Grant, answerWithFaults } from './answer-with-faults.js';
import { credentialsMatch } from './credentials-match.js';
import { FeishuCode } from './feishu-codes.js';
import { type Answer, type FeishuReply, feishuError } from './feishu-reply.js';
import type { JsonBody } from './json-body.js';
import type { StandInState } from './stand-in-state.js';

export const TokenRequestBody = z.object({ app_id: z.string().min(1), app_secret: z.string().min(1) });
export type TokenRequestBody = z.infer<typeof TokenRequestBody>;

export interface TokenInput {
  readonly body: JsonBody;
  /** The `X-Tt-Logid` this request is answered with. */
  readonly logId: string;
}

/**
 * Checks the credentials and answers `{code: 0, msg: "ok", tenant_access_token, expire}`. Wrong
 * credentials are HTTP 200 with code 10014, missing ones 10003, as Feishu answers.
 * Source: https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal
 */
function grantToken(state: StandInState, body: JsonBody): Grant {
  const { counters, settings } = state;
  if (!body.ok) {
    counters.token_rejected += 1;
    return {
      reply: feishuError(400, FeishuCode.INVALID_PARAMS, body.problem),
      outcome: 'rejected',
      appId: null,
    };
  }
  const parsed = TokenRequestBody.safeParse(body.value);
  if (!parsed.success) {
    counters.token_rejected += 1;
    return {
      reply: feishuError(200, FeishuCode.INVALID_PARAM, 'invalid param'),
      outcome: 'rejected',
      appId: null,
    };
  }
  const { app_id: appId, app_secret: appSecret } = parsed.data;
  if (!credentialsMatch(settings, appId, appSecret)) {
    counters.token_rejected += 1;
    const reply = feishuError(200, FeishuCode.APP_SECRET_INVALID, 'app secret invalid');
    return { reply, outcome: 'rejected', appId };
  }
  const issued = state.tokens.issue(appId, settings.tenantKey);
  if (issued.fresh) counters.tokens_issued += 1;
  const reply: FeishuReply = {
    status: 200,
    body: { code: FeishuCode.OK, msg: 'ok', tenant_access_token: issued.token, expire: issued.expire },
  };
  return { reply, outcome: 'issued', appId };
}

/** `POST /open-apis/auth/v3/tenant_access_token/internal`, scripted faults first. */
export function issueToken(state: StandInState, input: TokenInput): Answer {
  state.counters.token_requests += 1;
  return answerWithFaults(state, 'token', input.logId, () => grantToken(state, input.body));
}
