/**
 * How a failed Feishu call should be handled:
 * - `throttled`: wait `retryAfterMs`, then send again, without spending one of the job's attempts;
 * - `token`: the tenant_access_token was refused; fetch a new one and send again once;
 * - `transient`: retry later with backoff (timeouts, network errors, 5xx, 230020, 230049);
 * - `permanent`: retrying cannot help (the user left, the bot lacks a scope, the content is refused).
 */
export type FeishuFailureKind = 'throttled' | 'token' | 'transient' | 'permanent';

export interface FeishuFailure {
  readonly kind: FeishuFailureKind;
  readonly httpStatus: number | undefined;
  readonly code: number | undefined;
  readonly msg: string;
  /** `X-Tt-Logid`: Feishu support asks for it. */
  readonly logId: string | undefined;
  readonly retryAfterMs: number | undefined;
}

/** A Feishu call that did not succeed, with everything an operator needs to act on it. */
export class FeishuApiError extends Error implements FeishuFailure {
  override readonly name = 'FeishuApiError';
  readonly kind: FeishuFailureKind;
  readonly httpStatus: number | undefined;
  readonly code: number | undefined;
  readonly msg: string;
  readonly logId: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(failure: FeishuFailure, options?: ErrorOptions) {
    const code = failure.code === undefined ? '' : ` code ${failure.code}`;
    const status = failure.httpStatus === undefined ? 'no response' : `HTTP ${failure.httpStatus}`;
    super(
      `Feishu ${failure.kind} failure:${code} "${failure.msg}" (${status}, log id ${failure.logId ?? 'none'})`,
      options,
    );
    this.kind = failure.kind;
    this.httpStatus = failure.httpStatus;
    this.code = failure.code;
    this.msg = failure.msg;
    this.logId = failure.logId;
    this.retryAfterMs = failure.retryAfterMs;
  }
}

/** The transient failure of a call that got no reply at all (it timed out, or could not connect). */
export function unansweredCallError(msg: string, cause: unknown): FeishuApiError {
  return new FeishuApiError(
    {
      kind: 'transient',
      httpStatus: undefined,
      code: undefined,
      msg,
      logId: undefined,
      retryAfterMs: undefined,
    },
    { cause },
  );
}
