/**
 * The Feishu codes and messages the stand-in answers with.
 * Sources:
 * - https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code
 * - https://open.feishu.cn/document/server-docs/im-v1/message/create (error code table)
 * - https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal
 * - https://open.feishu.cn/document/ukTMukTMukTM/uYDNxYjL2QTM24iN0EjN/event-subscription-configure-/request-url-configuration-case
 */
export const FeishuCode = {
  OK: 0,
  /** Token endpoint: a parameter is missing or malformed. */
  INVALID_PARAM: 10003,
  /** app_access_token (store apps): the app_ticket is not the current one. */
  APP_TICKET_INVALID: 10012,
  /** Token endpoint: the app id and secret do not match. */
  APP_SECRET_INVALID: 10014,
  /** The API gateway's rate limit (HTTP 429, headers `x-ogw-ratelimit-*`). */
  RATE_LIMITED: 99991400,
  /** Missing, unknown, expired or revoked tenant_access_token: fetch a new one and retry. */
  INVALID_ACCESS_TOKEN: 99991663,
  /** tenant_access_token (store apps): unknown, expired or revoked app_access_token. */
  INVALID_APP_ACCESS_TOKEN: 99991664,
  /** im/v1/messages: the token's tenant is not the chat's. */
  CROSS_TENANT: 230038,
  /** im/v1/messages: invalid request parameters. */
  INVALID_PARAMS: 230001,
  /** im/v1/messages: content over 150 KB (text) or 30 KB (post, interactive). */
  MESSAGE_TOO_LONG: 230025,
  /** Long-connection endpoint: try again later. */
  WS_SYSTEM_BUSY: 1,
  /** Long-connection endpoint: the app may not connect (not a self-built app, or no long-connection mode). */
  WS_FORBIDDEN: 403,
  /** Long-connection endpoint: the app id and secret do not match. */
  WS_AUTH_FAILED: 514,
  /** Long-connection endpoint: the only code the official SDK retries. */
  WS_INTERNAL_ERROR: 1000040343,
  /** Long-connection endpoint: the app already holds its 50 connections. */
  WS_CONNECTION_LIMIT: 1000040350,
} as const;

export const INVALID_ACCESS_TOKEN_MSG =
  'Invalid access token for authorization. Please make a request with token attached.';

export const RATE_LIMITED_MSG = 'request trigger frequency limit';

/**
 * Messages for codes a scripted `feishu-error` fault may name without its own `msg`. Only 230053's text
 * is quoted from Feishu; the others paraphrase the error table of the im/v1/messages page, and the
 * long-connection ones the official SDK's names for them.
 */
export const KNOWN_MESSAGES: ReadonlyMap<number, string> = new Map([
  [230013, 'Bot has NO availability to this user.'],
  [230020, 'This operation triggers the frequency limit.'],
  [230029, 'The user has resigned.'],
  [230034, 'The receive_id is invalid.'],
  [230035, 'Send message permission denied.'],
  [230038, 'Cross-tenant sending is not allowed.'],
  [230049, 'The message is being sent.'],
  [230053, 'The user has stopped the bot'],
  [232009, 'The chat has been dissolved.'],
  [FeishuCode.WS_SYSTEM_BUSY, 'system busy'],
  [FeishuCode.WS_FORBIDDEN, 'forbidden'],
  [FeishuCode.WS_AUTH_FAILED, 'auth failed'],
  [FeishuCode.WS_INTERNAL_ERROR, 'internal error'],
  [FeishuCode.WS_CONNECTION_LIMIT, 'connection limit exceeded'],
]);
