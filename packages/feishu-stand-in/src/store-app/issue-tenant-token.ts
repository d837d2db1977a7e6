import { z } from 'zod';
import { FeishuCode } from '../feishu-codes.js';
import { type Answer, type FeishuReply, feishuError } from '../feishu-reply.js';
import type { JsonBody } from '../json-body.js';
import { blankRecord, noteAnswer } from '../request-log.js';
import type { StandInState } from '../stand-in-state.js';
import type { StoreAppState } from './store-app-state.js';

export const TenantTokenRequestBody = z.object({
  app_access_token: z.string().min(1),
  tenant_key: z.string().min(1),
});

interface Grant {
  readonly reply: FeishuReply;
  readonly appId: string | null;
  readonly tenantKey: string | null;
}

function grant(state: StandInState, store: StoreAppState, body: JsonBody): Grant {
  const parsed = body.ok ? TenantTokenRequestBody.safeParse(body.value) : undefined;
  if (!parsed?.success) {
    return {
      reply: feishuError(200, FeishuCode.INVALID_PARAM, 'invalid param'),
      appId: null,
      tenantKey: null,
    };
  }
  const tenantKey = parsed.data.tenant_key;
  const app = store.appTokens.holderOf(parsed.data.app_access_token);
  if (app === undefined) {
    const reply = feishuError(400, FeishuCode.INVALID_APP_ACCESS_TOKEN, 'invalid app access token');
    return { reply, appId: null, tenantKey };
  }
  const issued = state.tokens.issue(app.appId, tenantKey);
  if (issued.fresh) state.counters.tokens_issued += 1;
  const reply: FeishuReply = {
    status: 200,
    body: { code: FeishuCode.OK, msg: 'success', tenant_access_token: issued.token, expire: issued.expire },
  };
  return { reply, appId: app.appId, tenantKey };
}

/**
 * `POST /open-apis/auth/v3/tenant_access_token` of a store app: a live app_access_token and a
 * `tenant_key` get that tenant's own token, which sends only to that tenant's chats.
 * Source: https://open.feishu.cn/document/ukTMukTMukTM/ukDNz4SO0MjL5QzM/auth-v3/tenant_access_token/create
 */
export function issueTenantToken(
  state: StandInState,
  store: StoreAppState,
  input: { body: JsonBody; logId: string },
): Answer {
  store.counters.tenant_token_requests += 1;
  const result = grant(state, store, input.body);
  const record = blankRecord(state.settings.now(), input.logId, 'tenant-token');
  const outcome = result.reply.body['code'] === FeishuCode.OK ? 'issued' : 'rejected';
  const fields = { ...record, outcome, app_id: result.appId, tenant_key: result.tenantKey } as const;
  return noteAnswer(state.journal, fields, { kind: 'now', reply: result.reply });
}
