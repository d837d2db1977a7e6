import type { Logger } from '@feishu-welcome/shared';
import type { AppTicketStore } from '../redis/app-ticket-store.js';
import { classifyReply } from './classify-reply.js';
import { postFeishu, type FeishuHttpReply } from './post-feishu.js';
import { readTokenReply } from './read-token-reply.js';
import { createRefreshingToken, type RefreshingToken } from './refreshing-token.js';
import type { TenantTokenOptions, TenantTokenSource } from './tenant-token-source.js';
import { TicketPendingError } from './ticket-pending-error.js';
import { tokenReadinessOf } from './token-readiness.js';

export interface StoreTokenOptions extends TenantTokenOptions {
  /** Where the pushed `app_ticket` is kept, shared by every replica. */
  readonly tickets: AppTicketStore;
  readonly log: Logger;
  /** Tenants whose token is kept at once; the least recently used is forgotten past it. @defaultValue `10_000` */
  readonly maxTenants?: number;
  /** How long a job waits before it looks for the ticket again. @defaultValue `2_000` */
  readonly ticketWaitMs?: number;
}

/** Feishu is asked to push the ticket again at most this often, across every replica. */
export const TICKET_RESEND_EVERY_MS = 60_000;
/**
 * Codes with which the app_access_token call refuses the ticket: ask for another. 10012 "app_ticket is
 * invalid" has been seen; https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code
 */
const TICKET_REFUSED_CODES: ReadonlySet<unknown> = new Set([10012]);

/**
 * A marketplace app's tokens: an app_access_token from the app id, secret and the `app_ticket` Feishu
 * pushes, then a tenant_access_token per tenant from it. Without a ticket (a fresh install, Redis
 * replaced), or when Feishu refuses it, Feishu is asked to push it again, at most once a minute across
 * replicas, and callers get `TicketPendingError`.
 *
 * The tokens are cached in each process, not in Redis. A token is a few hundred bytes, so 10,000
 * tenants fit in a few MB; reading it costs no Redis round trip on each send; and no lock across
 * replicas is needed, since Feishu hands every caller the same token while it has 30 minutes or more to
 * live and keeps the old one valid when it issues a new one. The cost is one token call per tenant per
 * replica every 90 minutes or so, far below the auth endpoints' limits, and a token Feishu revokes is
 * found refused once per replica (the sender then fetches a new one and sends again).
 * Sources: https://open.feishu.cn/document/ukTMukTMukTM/ukDNz4SO0MjL5QzM/auth-v3/auth/app_access_token,
 * https://open.feishu.cn/document/ukTMukTMukTM/ukDNz4SO0MjL5QzM/auth-v3/tenant_access_token/create,
 * https://open.feishu.cn/document/ukTMukTMukTM/ukDNz4SO0MjL5QzM/auth-v3/auth/app_ticket_resend
 */
export function createStoreTokenSource(options: StoreTokenOptions): TenantTokenSource {
  const { appId, appSecret, tickets, log } = options;
  const maxTenants = options.maxTenants ?? 10_000;
  const ticketWaitMs = options.ticketWaitMs ?? 2_000;
  /** Least recently used first: a `Map` keeps insertion order, and a read re-inserts. */
  const tenants = new Map<string, RefreshingToken>();

  const post = (path: string, body: unknown): Promise<FeishuHttpReply> =>
    postFeishu(options.fetch, `${options.baseUrl}${path}`, body, { timeoutMs: options.timeoutMs });

  /** Asks Feishu to push the ticket again, unless another replica did within the minute. */
  async function askForTicket(): Promise<void> {
    if (!(await tickets.claimResend(appId, TICKET_RESEND_EVERY_MS))) return;
    try {
      const reply = await post('/open-apis/auth/v3/app_ticket/resend', {
        app_id: appId,
        app_secret: appSecret,
      });
      const code = reply.body?.['code'];
      if (reply.httpStatus === 200 && code === 0)
        log.info({ appId }, 'asked Feishu to push the app_ticket again');
      else
        log.warn(
          { appId, httpStatus: reply.httpStatus, code, logId: reply.logId },
          'app_ticket resend refused',
        );
    } catch (error) {
      log.warn({ appId, err: error }, 'app_ticket resend not answered');
    }
  }

  async function waitForTicket(): Promise<TicketPendingError> {
    await askForTicket();
    return new TicketPendingError(ticketWaitMs);
  }

  const appToken = createRefreshingToken(async () => {
    const ticket = await tickets.get(appId);
    if (ticket === undefined) throw await waitForTicket();
    const reply = await post('/open-apis/auth/v3/app_access_token', {
      app_id: appId,
      app_secret: appSecret,
      app_ticket: ticket,
    });
    if (TICKET_REFUSED_CODES.has(reply.body?.['code'])) {
      log.warn({ appId, code: reply.body?.['code'], logId: reply.logId }, 'Feishu refused the app_ticket');
      await tickets.drop(appId, ticket);
      throw await waitForTicket();
    }
    return readTokenReply(reply, 'app_access_token');
  }, options.now);

  /** A refused app_access_token (revoked, expired early) is dropped and fetched again, once. */
  async function fetchTenantToken(tenantKey: string) {
    for (let attempt = 1; ; attempt++) {
      const app = await appToken.get();
      const reply = await post('/open-apis/auth/v3/tenant_access_token', {
        app_access_token: app,
        tenant_key: tenantKey,
      });
      const code = reply.body?.['code'];
      if (
        attempt === 1 &&
        classifyReply(reply.httpStatus, typeof code === 'number' ? code : undefined) === 'token'
      ) {
        appToken.invalidate(app);
        continue;
      }
      return readTokenReply(reply, 'tenant_access_token');
    }
  }

  function tenantToken(tenantKey: string): RefreshingToken {
    const known = tenants.get(tenantKey);
    if (known) {
      tenants.delete(tenantKey);
      tenants.set(tenantKey, known);
      return known;
    }
    const token = createRefreshingToken(() => fetchTenantToken(tenantKey), options.now, options.onFetched);
    tenants.set(tenantKey, token);
    // A forgotten tenant's fetch in flight still answers its callers; the next one fetches anew.
    if (tenants.size > maxTenants) tenants.delete(tenants.keys().next().value as string);
    return token;
  }

  return {
    get: (tenantKey) => tenantToken(tenantKey).get(),
    invalidate(tenantKey, token) {
      tenants.get(tenantKey)?.invalidate(token);
    },
    async readiness(tenantKey) {
      const needsTicket =
        tenants.get(tenantKey)?.peek() === undefined &&
        appToken.peek() === undefined &&
        (await tickets.get(appId)) === undefined;
      if (needsTicket) {
        const pending = await waitForTicket();
        return { ready: false, reason: 'waiting-for-ticket', retryAfterMs: pending.retryAfterMs };
      }
      // A tenant whose token Feishu is slow to issue must not hold worker slots meanwhile.
      return tokenReadinessOf(tenantToken(tenantKey));
    },
    async checkAtStart() {
      try {
        await appToken.get();
        return 'credentials-accepted';
      } catch (error) {
        if (error instanceof TicketPendingError) return 'waiting-for-ticket';
        throw error;
      }
    },
  };
}
