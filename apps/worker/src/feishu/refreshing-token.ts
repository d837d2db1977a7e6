import type { IssuedToken } from './read-token-reply.js';

/** One access token, cached and refreshed before it expires. */
export interface RefreshingToken {
  /** A token valid for a while yet; fetches one when needed, one fetch at a time. */
  get(): Promise<string>;
  /** Forgets `token` (Feishu refused it), so the next `get` fetches a new one. */
  invalidate(token: string): void;
  /** The cached token while it may still be handed out; never fetches. */
  peek(): string | undefined;
}

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
    inFlight ??= fetchAndKeep().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    async get() {
      if (cached && now() < cached.refreshAt) return cached.token;
      const stillUsable = cached && now() < cached.usableUntil ? cached.token : undefined;
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
    peek: () => (cached && now() < cached.usableUntil ? cached.token : undefined),
  };
}
