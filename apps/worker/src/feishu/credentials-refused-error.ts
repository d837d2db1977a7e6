import type { FeishuApiError } from './feishu-api-error.js';

/** Feishu refused the app's id and secret: a configuration error, not a passing fault. */
export class CredentialsRefusedError extends Error {
  override readonly name = 'CredentialsRefusedError';
  readonly code = 'FEISHU_CREDENTIALS_REFUSED';

  constructor(override readonly cause: FeishuApiError) {
    super('Feishu refused FEISHU_APP_ID / FEISHU_APP_SECRET', { cause });
  }
}
