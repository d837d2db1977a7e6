import { createHash, randomBytes } from 'node:crypto';

/** Ids shaped like Feishu's, so clients that log or check their form see nothing unusual. */

/** `om_` and 32 hex characters, like a real message id. */
export function newMessageId(): string {
  return `om_${randomBytes(16).toString('hex')}`;
}

/** `t-` and 40 random characters, like a real tenant_access_token. */
export function newTenantAccessToken(): string {
  return `t-${randomBytes(20).toString('hex')}`;
}

/** `a-` and 40 random characters, like a real app_access_token. */
export function newAppAccessToken(): string {
  return `a-${randomBytes(20).toString('hex')}`;
}

/** A fresh app_ticket; Feishu's are opaque strings. */
export function newAppTicket(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The `X-Tt-Logid` value: the time (`yyyyMMddHHmmss`, UTC here) then 20 upper-case hex characters,
 * the shape Feishu support asks for.
 */
export function newLogId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}${randomBytes(10).toString('hex').toUpperCase()}`;
}

/**
 * The chat a message lands in. Sending to a user lands in the bot's 1:1 chat with them, whose id is
 * stable, so it is derived from the receiver rather than drawn at random.
 */
export function chatIdFor(appId: string, receiveIdType: string, receiveId: string): string {
  if (receiveIdType === 'chat_id') return receiveId;
  const digest = createHash('sha256')
    .update(`${appId}\n${receiveIdType}\n${receiveId}`, 'utf8')
    .digest('hex');
  return `oc_${digest.slice(0, 32)}`;
}
