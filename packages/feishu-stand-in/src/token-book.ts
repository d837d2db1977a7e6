import { newTenantAccessToken } from './feishu-ids.js';

/**
 * Feishu hands back the token it already issued while that has 30 minutes or more to live, and a new
 * one after; the old one stays valid until it expires.
 * Source: https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal
 */
const REISSUE_BELOW_MS = 30 * 60 * 1000;

export interface IssuedToken {
  readonly token: string;
  /** Seconds the token has left. */
  readonly expire: number;
  /** False when an earlier token was handed back. */
  readonly fresh: boolean;
}

/** Whom a token was issued to: an app, for one of its tenants. */
export interface TokenHolder {
  readonly appId: string;
  readonly tenantKey: string;
}

interface TokenRecord extends TokenHolder {
  readonly expiresAtMs: number;
}

/**
 * The access tokens issued so far, by token; the clock is injected. One book holds tenant_access_tokens
 * (one per app and tenant), another a store app's app_access_tokens (`mint` makes their `a-` form).
 */
export class TokenBook {
  readonly #tokens = new Map<string, TokenRecord>();
  readonly #latest = new Map<string, string>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number,
    private readonly mint: () => string = newTenantAccessToken,
  ) {}

  issue(appId: string, tenantKey: string): IssuedToken {
    const nowMs = this.now();
    const holder = `${appId}\n${tenantKey}`;
    const latest = this.#latest.get(holder);
    const record = latest === undefined ? undefined : this.#tokens.get(latest);
    if (latest !== undefined && record !== undefined && record.expiresAtMs - nowMs >= REISSUE_BELOW_MS) {
      return { token: latest, expire: Math.floor((record.expiresAtMs - nowMs) / 1000), fresh: false };
    }
    this.#forgetExpired(nowMs);
    const token = this.mint();
    this.#tokens.set(token, { appId, tenantKey, expiresAtMs: nowMs + this.ttlSeconds * 1000 });
    this.#latest.set(holder, token);
    return { token, expire: this.ttlSeconds, fresh: true };
  }

  /** The app a live token belongs to; `undefined` for a missing, unknown, expired or revoked token. */
  appFor(token: string | undefined): string | undefined {
    return this.holderOf(token)?.appId;
  }

  /** The app and tenant a live token belongs to; `undefined` as for {@link appFor}. */
  holderOf(token: string | undefined): TokenHolder | undefined {
    if (token === undefined) return undefined;
    const record = this.#tokens.get(token);
    return record !== undefined && this.now() < record.expiresAtMs
      ? { appId: record.appId, tenantKey: record.tenantKey }
      : undefined;
  }

  /** Revokes every token issued so far; returns how many were live. */
  revokeAll(): number {
    const nowMs = this.now();
    const live = [...this.#tokens.values()].filter((record) => nowMs < record.expiresAtMs).length;
    this.#tokens.clear();
    this.#latest.clear();
    return live;
  }

  #forgetExpired(nowMs: number): void {
    for (const [token, record] of this.#tokens) {
      if (nowMs >= record.expiresAtMs) this.#tokens.delete(token);
    }
  }
}
