import { FeishuApiError } from './feishu-api-error.js';
import type { FeishuHttpReply } from './post-feishu.js';

/** A token as Feishu's auth endpoints hand it out. */
export interface IssuedToken {
  readonly token: string;
  /** Seconds it has left, Feishu's `expire`. */
  readonly expireS: number;
}

/**
 * The token named `field` (`tenant_access_token`, `app_access_token`) of an auth endpoint's reply. A
 * refusal, or a success without a usable token and a positive `expire`, is a transient
 * `FeishuApiError` carrying Feishu's code: the caller decides whether the code means more.
 */
export function readTokenReply(reply: FeishuHttpReply, field: string): IssuedToken {
  const body = reply.body ?? {};
  const token = body[field];
  const expireS = body['expire'];
  const refused = reply.httpStatus !== 200 || body['code'] !== 0;
  const malformed = typeof token !== 'string' || token === '' || !isPositiveNumber(expireS);
  if (refused || malformed) {
    const msg = typeof body['msg'] === 'string' ? body['msg'] : 'no msg';
    throw new FeishuApiError({
      kind: 'transient',
      httpStatus: reply.httpStatus,
      code: typeof body['code'] === 'number' ? body['code'] : undefined,
      msg: refused ? `${field} refused: ${msg}` : `${field} reply without a token and a positive expire`,
      logId: reply.logId,
      retryAfterMs: undefined,
    });
  }
  return { token, expireS };
}

function isPositiveNumber(value: unknown): value is number {
  return Number.isFinite(value) && (value as number) > 0;
}
