import type { IssuedToken } from './read-token-reply.js';

/** One access token, cached and refreshed before it expires. */
export interface RefreshingToken {
  /** A token valid for a while yet; fetches one when needed, one fetch at a time. */
  get(): Promise<string>;
  /** Forgets `token` (Feishu refused it), so the next `get` fetches a new one. */
  invalidate(token: string): void;
  /** The cached token while it may still be handed out; never fetches. */
  peek(): string | undefined;
  /**
   * Whether `get` would answer now, without waiting for Feishu; never waits itself. When it would not,
   * the fetch is started (unless one is in flight) for a later caller to find done. A fetch started here
   * that failed is answered once, to the next caller, as `failed`.
   */
  prepare(): TokenPrepared;
}

/** What {@link RefreshingToken.prepare} found. */
export type TokenPrepared =
  | { readonly kind: 'ready' }
  /** A fetch has been in flight for `forMs`. */
  | { readonly kind: 'fetching'; readonly forMs: number }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * Feishu issues a new token once the current one has less than 30 minutes left, and the old one stays
 * valid. The same holds for tenant and app access tokens, self-built and store apps alike.
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
 * A token from `fetchToken`, cached and refreshed 30 minutes before it expires (at half its life when
 * it lives less than an hour); concurrent callers share one fetch. If a refresh fails while the cached
 * token is still usable, that one is used.
 */
export function createRefreshingToken(
  fetchToken: () => Promise<IssuedToken>,
  now: () => number,
  onFetched?: () => void,
): RefreshingToken {
  let cached: Cached | undefined;
  let inFlight: Promise<string> | undefined;
  let fetchStartedAt = 0;
  /** The failure of the last fetch `prepare` started, until a caller is told. */
  let failed: { readonly error: unknown } | undefined;

  async function fetchAndKeep(): Promise<string> {
    const { token, expireS } = await fetchToken();
    const lifetimeMs = expireS * 1000;
    const obtainedAt = now();
    cached = {
      token,
      refreshAt: obtainedAt + Math.max(lifetimeMs - REFRESH_BEFORE_EXPIRY_MS, lifetimeMs / 2),
      usableUntil: obtainedAt + Math.max(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs / 2),
    };
    onFetched?.();
    return token;
  }

  function refresh(): Promise<string> {
    if (inFlight === undefined) {
      fetchStartedAt = now();
      failed = undefined;
      inFlight = fetchAndKeep().finally(() => {
        inFlight = undefined;
      });
    }
    return inFlight;
  }

  const peek = () => (cached && now() < cached.usableUntil ? cached.token : undefined);

  return {
    async get() {
      if (cached && now() < cached.refreshAt) return cached.token;
      const stillUsable = peek();
      // Feishu keeps the old token valid while it issues a new one: nobody waits for a refresh.
      if (stillUsable !== undefined && inFlight !== undefined) return stillUsable;
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
    peek,
    prepare() {
      const usable = peek() !== undefined;
      if (usable && cached && now() < cached.refreshAt) return { kind: 'ready' };
      if (!usable && failed !== undefined) {
        const { error } = failed;
        failed = undefined;
        return { kind: 'failed', error };
      }
      if (inFlight === undefined) {
        refresh().catch((error: unknown) => {
          failed = { error };
        });
      }
      return usable ? { kind: 'ready' } : { kind: 'fetching', forMs: now() - fetchStartedAt };
    },
  };
}
