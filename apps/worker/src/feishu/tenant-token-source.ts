import { FeishuApiError } from './feishu-api-error.js';
import { postFeishu, type FeishuFetch } from './post-feishu.js';

export interface TenantTokenSource {
  /** A tenant_access_token valid for a while yet; fetches one when needed, one fetch at a time. */
  get(): Promise<string>;
  /** Forgets `token` (Feishu refused it), so the next `get` fetches a new one. */
  invalidate(token: string): void;
}

export interface TenantTokenOptions {
  readonly baseUrl: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly fetch: FeishuFetch;
  readonly timeoutMs: number;
  readonly now: () => number;
  /** Called after each successful fetch, for metrics. */
  readonly onFetched?: () => void;
}

/**
 * Feishu issues a new token once the current one has less than 30 minutes left.
 * Source: https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal
 */
const REFRESH_BEFORE_EXPIRY_MS = 30 * 60 * 1000;
/** A cached token is not handed out in its last minute, when a send could outlive it. */
const EXPIRY_MARGIN_MS = 60 * 1000;

interface Cached {
  readonly token: string;
  readonly refreshAt: number;
  readonly usableUntil: number;
}

/**
 * The self-built app's tenant_access_token, cached and refreshed before it expires; concurrent
 * callers share one fetch. If a refresh fails while the cached token is still usable, that one is used.
 * Source: https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal
 */
export function createTenantTokenSource(options: TenantTokenOptions): TenantTokenSource {
  let cached: Cached | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const reply = await postFeishu(
      options.fetch,
      `${options.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`,
      { app_id: options.appId, app_secret: options.appSecret },
      { timeoutMs: options.timeoutMs },
    );
    const body = reply.body ?? {};
    const token = body['tenant_access_token'];
    const expireS = body['expire'];
    const refused = reply.httpStatus !== 200 || body['code'] !== 0;
    // A success without a usable token is not cached: the next call asks again.
    const malformed = typeof token !== 'string' || token === '' || !isPositiveNumber(expireS);
    if (refused || malformed) {
      const msg = typeof body['msg'] === 'string' ? body['msg'] : 'no msg';
      throw new FeishuApiError({
        kind: 'transient',
        httpStatus: reply.httpStatus,
        code: typeof body['code'] === 'number' ? body['code'] : undefined,
        msg: refused
          ? `tenant_access_token refused: ${msg}`
          : 'tenant_access_token reply without a token and a positive expire',
        logId: reply.logId,
        retryAfterMs: undefined,
      });
    }
    const lifetimeMs = expireS * 1000;
    const obtainedAt = options.now();
    cached = {
      token,
      refreshAt: obtainedAt + Math.max(lifetimeMs - REFRESH_BEFORE_EXPIRY_MS, lifetimeMs / 2),
      usableUntil: obtainedAt + Math.max(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs / 2),
    };
    options.onFetched?.();
    return token;
  }

  function refresh(): Promise<string> {
    inFlight ??= fetchToken().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    async get() {
      const now = options.now();
      if (cached && now < cached.refreshAt) return cached.token;
      const stillUsable = cached && now < cached.usableUntil ? cached.token : undefined;
      try {
        return await refresh();
      } catch (error) {
        if (stillUsable) return stillUsable;
        throw error;
      }
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

function isPositiveNumber(value: unknown): value is number {
  return Number.isFinite(value) && (value as number) > 0;
}
