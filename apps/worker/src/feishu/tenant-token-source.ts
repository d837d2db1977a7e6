import { postFeishu, type FeishuFetch } from './post-feishu.js';
import { readTokenReply } from './read-token-reply.js';
import { createRefreshingToken } from './refreshing-token.js';
import { tokenReadinessOf, type StartCheck, type TokenReadiness } from './token-readiness.js';

/**
 * Where the worker gets the token it sends with, for a tenant. A self-built app has one tenant and one
 * token; a store app one token per tenant (`store-token-source.ts`). The composition root picks one by
 * `FEISHU_APP_TYPE`.
 */
export interface TenantTokenSource {
  /**
   * A tenant_access_token for `tenantKey`, valid for a while yet; fetches one when needed, one fetch at
   * a time per tenant. A store app waiting for its `app_ticket` throws `TicketPendingError`.
   */
  get(tenantKey: string): Promise<string>;
  /** Forgets `token` (Feishu refused it), so the next `get` for `tenantKey` fetches a new one. */
  invalidate(tenantKey: string, token: string): void;
  /** Whether `get` can be tried now, without calling Feishu. */
  readiness(tenantKey: string): Promise<TokenReadiness>;
  /** The start-up check; throws a `FeishuApiError` with Feishu's code when the credentials are refused. */
  checkAtStart(): Promise<StartCheck>;
}

/** How the worker calls Feishu's auth endpoints, for either kind of app. */
export interface TenantTokenOptions {
  readonly baseUrl: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly fetch: FeishuFetch;
  readonly timeoutMs: number;
  readonly now: () => number;
  /** Called after each successful tenant_access_token fetch, for metrics. */
  readonly onFetched?: () => void;
}

/**
 * The self-built app's tenant_access_token: one for its one tenant, whatever `tenantKey` is asked for,
 * cached and refreshed before it expires (see `createRefreshingToken`).
 * Source: https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal
 */
export function createTenantTokenSource(options: TenantTokenOptions): TenantTokenSource {
  const token = createRefreshingToken(
    async () =>
      readTokenReply(
        await postFeishu(
          options.fetch,
          `${options.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`,
          { app_id: options.appId, app_secret: options.appSecret },
          { timeoutMs: options.timeoutMs },
        ),
        'tenant_access_token',
      ),
    options.now,
    options.onFetched,
  );
  return {
    get: () => token.get(),
    invalidate: (_tenantKey, refused) => token.invalidate(refused),
    readiness: () => Promise.resolve(tokenReadinessOf(token)),
    async checkAtStart() {
      await token.get();
      return 'credentials-accepted';
    },
  };
}
