import type { IncomingHttpHeaders } from 'node:http';
import { feishuRefusal } from './feishu-refusal.js';
import type { LongConnectionRefusedError } from './long-connection-refused-error.js';

const FORBIDDEN = 403;
const CONNECTION_LIMIT = 1000040350;

const headerCode = (value: string | string[] | undefined): number | undefined =>
  typeof value === 'string' && /^\d{1,10}$/.test(value.trim()) ? Number(value.trim()) : undefined;

/**
 * Why Feishu refused a WebSocket upgrade, when the refusal is final. Feishu says why in the answer's
 * headers, not its status: `Handshake-Status` 403 (the app is forbidden the long connection), or 514
 * (authentication) with `Handshake-Autherrcode` 1000040350 (the app holds the most connections it may).
 * Any other refusal (a used ticket, another authentication failure, a proxy's bare 403) is asked again
 * with a fresh URL, as Feishu's own clients do (oapi-sdk-go and oapi-sdk-python `ws` clients).
 * Source: https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/request-url-configuration-case
 */
export function readHandshakeRefusal(headers: IncomingHttpHeaders): LongConnectionRefusedError | undefined {
  // The limit's own code is read under any status: it can mean nothing else.
  if (headerCode(headers['handshake-autherrcode']) === CONNECTION_LIMIT)
    return feishuRefusal(CONNECTION_LIMIT);
  if (headerCode(headers['handshake-status']) === FORBIDDEN) return feishuRefusal(FORBIDDEN);
  return undefined;
}
