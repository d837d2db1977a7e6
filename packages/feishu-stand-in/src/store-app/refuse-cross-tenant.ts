import { FeishuCode, KNOWN_MESSAGES } from '../feishu-codes.js';
import { type FeishuReply, feishuError } from '../feishu-reply.js';
import type { SendRequest } from '../parse-send-request.js';
import type { StandInState } from '../stand-in-state.js';

/**
 * A store app's tenant token sends only to its own tenant's chats: a chat assigned to another tenant
 * (`control.store.assignChat`) is refused with 230038, as Feishu refuses cross-tenant sends. Chats
 * never assigned, and other receive id types, pass. Self-built mode has one tenant and checks nothing.
 * Source: https://open.feishu.cn/document/server-docs/im-v1/message/create (error codes)
 */
export function refuseCrossTenant(
  state: StandInState,
  tenantKey: string,
  request: SendRequest,
): FeishuReply | undefined {
  if (state.settings.appType !== 'store' || request.receiveIdType !== 'chat_id') return undefined;
  const chatTenant = state.storeApp.chatTenants.get(request.receiveId);
  if (chatTenant === undefined || chatTenant === tenantKey) return undefined;
  state.storeApp.counters.cross_tenant_refused += 1;
  state.counters.rejected += 1;
  const msg = KNOWN_MESSAGES.get(FeishuCode.CROSS_TENANT) ?? 'cross-tenant';
  return feishuError(400, FeishuCode.CROSS_TENANT, msg);
}
