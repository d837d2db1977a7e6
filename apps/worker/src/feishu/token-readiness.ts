/**
 * Whether a tenant's token can be had now. A store app without its `app_ticket` cannot: a job for that
 * tenant should wait, before it takes a send slot, rather than fail.
 */
export type TokenReadiness =
  | { readonly ready: true }
  | { readonly ready: false; readonly reason: 'waiting-for-ticket'; readonly retryAfterMs: number };

export const TOKENS_READY: TokenReadiness = { ready: true };

/** What the start-up credential check found, when Feishu did not refuse the credentials. */
export type StartCheck = 'credentials-accepted' | 'waiting-for-ticket';
